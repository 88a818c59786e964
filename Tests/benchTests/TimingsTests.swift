import Testing
@testable import bench

@Suite struct TimingsTests {
    @Test func medianAndMinimum() {
        let odd = Timings([3, 1, 2])
        #expect(odd.median == 2 && odd.min == 1 && odd.all == [3, 1, 2])
        let even = Timings([4, 1, 3, 2])
        #expect(even.median == 2.5 && even.min == 1)
        #expect(Timings([7]).median == 7)
    }
}

import Foundation
import Testing

@_spi(Stages) @testable import ScoreKernel

/// `OutputFile` gathers appends into aligned blocks for direct I/O and writes the rest plainly:
/// whatever the sizes, the file holds exactly what was written, in order, with the headers
/// patched in place (``OutputFile/write(_:at:)``) where they were put.
@Suite struct OutputFileTests {
    @Test func holdsExactlyWhatWasWritten() throws {
        let dir = NSTemporaryDirectory() + "output-file-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let block = OutputFile.blockBytes
        var random = SplitMix64(seed: 3)
        let sizeRuns: [[Int]] = [
            [], [0], [1], [block - 1, 1], [block], [block + 1], [3, block, 5, 2 * block + 17],
            (0..<40).map { _ in random.below(300_000) },
        ]
        for (k, sizes) in sizeRuns.enumerated() {
            let path = "\(dir)/\(k)"
            let file = try OutputFile(creating: path)
            var expected: [UInt8] = []
            for size in sizes {
                let bytes = (0..<size).map { _ in UInt8(truncatingIfNeeded: random.next()) }
                try file.write(bytes)
                expected += bytes
            }
            try file.close()
            #expect([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) == expected, "sizes \(sizes)")
        }
    }

    /// A header written over bytes still in the block, one over bytes already on disk, and
    /// appends after both.
    @Test func patchesWhatItAlreadyHolds() throws {
        let dir = NSTemporaryDirectory() + "output-file-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/patched"
        let file = try OutputFile(creating: path)
        var expected = [UInt8](repeating: 0x61, count: 3 * OutputFile.blockBytes + 100)
        try file.write(expected)
        // In the block being gathered (past the three whole blocks), then on disk.
        for (offset, patch) in [(3 * OutputFile.blockBytes + 10, Array("head".utf8)), (5, Array("start".utf8))] {
            try file.write(patch, at: Int64(offset))
            expected.replaceSubrange(offset..<(offset + patch.count), with: patch)
        }
        try file.write(Array("tail".utf8))
        expected += Array("tail".utf8)
        try file.close()
        #expect([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) == expected)
    }
}

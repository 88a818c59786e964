/// Row indices grouped by an integer code, in CSR form: the members of group `g` are
/// `members[offsets[g] ..< offsets[g + 1]]`, in ascending row order.
///
/// Built by one counting sort, O(rows + groups); no per-group arrays.
struct Grouping: Sendable {
    let offsets: [Int]
    let members: [Int]

    var groupCount: Int { offsets.count - 1 }

    /// Groups `codes` (each in `0 ..< groupCount`).
    init(codes: [Int32], groupCount: Int) {
        var offsets = [Int](repeating: 0, count: groupCount + 1)
        for c in codes { offsets[Int(c) + 1] += 1 }
        for g in 0..<groupCount { offsets[g + 1] += offsets[g] }
        var next = offsets
        var members = [Int](repeating: 0, count: codes.count)
        for (row, c) in codes.enumerated() {
            members[next[Int(c)]] = row
            next[Int(c)] += 1
        }
        self.offsets = offsets
        self.members = members
    }

    /// The rows of group `g`.
    func members(of g: Int) -> ArraySlice<Int> { members[offsets[g]..<offsets[g + 1]] }
}

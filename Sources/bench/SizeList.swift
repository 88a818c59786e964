import ArgumentParser
import Foundation

/// Parses `--sizes`: comma-separated project counts, each a whole number (underscores allowed)
/// with an optional `k` (×1,000) or `M` (×1,000,000) suffix: `10k,100_000,1M`.
enum SizeList {
    static func parse(_ text: String) throws -> [Int] {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        return try parts.map { part in
            var digits = part.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "")
            var scale = 1
            if let last = digits.last, let s = ["k": 1_000, "K": 1_000, "M": 1_000_000][last] {
                scale = s
                digits.removeLast()
            }
            guard let n = Int(digits), n > 0, n <= Int(Int32.max) / scale else {
                throw ValidationError("'\(part)' is not a project count (like 10000, 10k or 1M)")
            }
            return n * scale
        }
    }
}

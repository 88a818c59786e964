#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Progress lines on standard error, so that standard output carries only the result table and
/// can be piped or diffed.
enum Progress {
    /// Writes `line` and a newline to standard error in one unbuffered `write(2)`, so that lines
    /// appear at once and never interleave with the table on a shared terminal.
    static func note(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { write(2, $0.baseAddress! + offset, $0.count - offset) }
            if n <= 0 { return }
            offset += n
        }
    }
}

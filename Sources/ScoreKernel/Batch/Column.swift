/// A fixed-size column of plain values that parallel workers fill in place, each worker its own
/// elements, and that everyone reads afterwards; no copy on the way out.
///
/// Only the library writes (`unsafeBuffer`); readers see a `RandomAccessCollection`.
final class Column<Element: BitwiseCopyable>: RandomAccessCollection, @unchecked Sendable {
    let unsafeBuffer: UnsafeMutableBufferPointer<Element>

    /// A column whose every element the caller writes before anyone reads it (no fill pass).
    init(uninitialized count: Int) {
        unsafeBuffer = .allocate(capacity: count)
    }

    deinit { unsafeBuffer.deallocate() }

    var startIndex: Int { 0 }
    var endIndex: Int { unsafeBuffer.count }

    /// Element `i`; in release builds unchecked, for the library's own loops.
    subscript(i: Int) -> Element { unsafeBuffer[i] }

    /// Element `i`, or a trap naming the index when it is out of range: what public accessors use.
    subscript(checked i: Int) -> Element {
        precondition(i >= 0 && i < unsafeBuffer.count, "index \(i) out of 0..<\(unsafeBuffer.count)")
        return unsafeBuffer[i]
    }

    /// Read access to the storage, for vectorised readers.
    func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Element>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(unsafeBuffer))
    }
}

/// A fixed-size column of plain values that parallel workers fill in place, each worker its own
/// elements, and that everyone reads afterwards; no copy on the way out.
///
/// Only the library writes (`unsafeBuffer`); readers see a `RandomAccessCollection`.
public final class Column<Element: BitwiseCopyable>: RandomAccessCollection, @unchecked Sendable {
    @usableFromInline let unsafeBuffer: UnsafeMutableBufferPointer<Element>


    /// A column whose every element the caller writes before anyone reads it (no fill pass).
    init(uninitialized count: Int) {
        unsafeBuffer = .allocate(capacity: count)
    }

    deinit { unsafeBuffer.deallocate() }

    public var startIndex: Int { 0 }
    public var endIndex: Int { unsafeBuffer.count }

    @inlinable
    public subscript(i: Int) -> Element { unsafeBuffer[i] }

    /// Read access to the storage, for vectorised readers.
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Element>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(unsafeBuffer))
    }
}

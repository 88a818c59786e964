import Dispatch

/// Work spread over Dispatch's workers, results in index order: the one place the library hands
/// memory to threads, so that each caller gets the same values whatever the thread count.
enum Parallel {
    /// `[body(0), body(1), …, body(count − 1)]`, the calls made concurrently. Each call writes
    /// only its own element.
    static func map<T>(_ count: Int, _ body: (Int) -> T) -> [T] {
        withoutActuallyEscaping(body) { body in
            nonisolated(unsafe) let body = body
            return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
                nonisolated(unsafe) let base = buffer.baseAddress
                DispatchQueue.concurrentPerform(iterations: count) { k in (base! + k).initialize(to: body(k)) }
                initialized = count
            }
        }
    }
}

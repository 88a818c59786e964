import Dispatch

/// Work spread over Dispatch's workers, results in index order: the one place the library hands
/// memory to threads, so that each caller gets the same values whatever the thread count.
enum Parallel {
    /// `[body(0), body(1), …, body(count − 1)]`, made by at most `workers` concurrent tasks (each
    /// taking every `workers`-th index); in the calling thread, in order, when `workers` or
    /// `count` is 1. Each call writes only its own element.
    static func map<T>(_ count: Int, workers: Int, _ body: (Int) -> T) -> [T] {
        let tasks = min(workers, count)
        guard tasks > 1 else { return (0..<count).map(body) }
        return withoutActuallyEscaping(body) { body in
            nonisolated(unsafe) let body = body
            return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
                nonisolated(unsafe) let base = buffer.baseAddress
                DispatchQueue.concurrentPerform(iterations: tasks) { task in
                    for k in stride(from: task, to: count, by: tasks) { (base! + k).initialize(to: body(k)) }
                }
                initialized = count
            }
        }
    }
}

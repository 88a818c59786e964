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

extension Parallel {
    /// Builds parts `0..<count` a wave of `workers` at a time (as ``map(_:workers:_:)``) and
    /// hands them to `consume` in index order on one other thread, which takes a wave while the
    /// next is built: output is written while it is still being made. At most two waves are in
    /// memory. Returns when every part is consumed. `consume` runs for one part at a time.
    static func pipeline<T>(_ count: Int, workers: Int, build: (Int) -> T, consume: (Int, T) -> Void) {
        guard workers > 1, count > 1 else {
            for k in 0..<count { consume(k, build(k)) }
            return
        }
        withoutActuallyEscaping(consume) { consume in
            nonisolated(unsafe) let consume = consume
            let queue = DispatchQueue(label: "ScoreKernel.Parallel.pipeline")
            for first in stride(from: 0, to: count, by: workers) {
                let wave = min(workers, count - first)
                nonisolated(unsafe) let parts = map(wave, workers: workers) { build(first + $0) }
                // Wait for the wave before, then hand this one over and build the next.
                queue.sync {}
                queue.async { for k in 0..<wave { consume(first + k, parts[k]) } }
            }
            queue.sync {}
        }
    }
}

extension Parallel {
    /// `(first(), second())`, made at once on two tasks when `workers` is more than 1 (each may
    /// spread its own work further), in the calling thread one after the other otherwise: for
    /// two stages that do not depend on each other and use the cores poorly alone.
    static func both<A, B>(workers: Int, _ first: () -> A, _ second: () -> B) -> (A, B) {
        guard workers > 1 else { return (first(), second()) }
        var a: A?
        var b: B?
        withoutActuallyEscaping(first) { first in
            withoutActuallyEscaping(second) { second in
                withUnsafeMutablePointer(to: &a) { a in
                    withUnsafeMutablePointer(to: &b) { b in
                        nonisolated(unsafe) let (first, second, a, b) = (first, second, a, b)
                        DispatchQueue.concurrentPerform(iterations: 2) { k in
                            if k == 0 { a.pointee = first() } else { b.pointee = second() }
                        }
                    }
                }
            }
        }
        return (a!, b!)
    }
}

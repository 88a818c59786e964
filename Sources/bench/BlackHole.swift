/// Where timed code drops a value derived from its result, so that the optimiser cannot prove
/// the work unused and delete it.
///
/// A store to a global that nothing reads is still a side effect the compiler must keep; the
/// function is `@inline(never)` so that the store stays out of the timed loop's body.
nonisolated(unsafe) private var sink: UInt64 = 0

@inline(never)
func blackHole(_ value: Double) {
    sink &+= value.bitPattern
}

@inline(never)
func blackHole(_ value: Int) {
    sink &+= UInt64(truncatingIfNeeded: value)
}

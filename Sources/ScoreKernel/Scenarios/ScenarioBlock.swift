/// The results of a tile of scenarios × projects, handed to a ``ScenarioConsumer`` and valid only
/// during the call: scenario scores rounded once at the total (SPEC §4.5) and their grades, one
/// scenario's projects contiguous.
@_spi(Stages)
public struct ScenarioBlock {
    public let projects: Range<Int>
    public let scenarios: Range<Int>
    /// Rounded scores in units of 10^-precision (at most 100 · 10^precision), one row per
    /// scenario: scenario `m`'s scores start at `(m - scenarios.lowerBound) * stride`.
    public let scores: UnsafeBufferPointer<Int32>
    /// Grade index per score, same layout (unset when the consumer does not read grades).
    public let grades: UnsafeBufferPointer<UInt8>
    /// Scores per row: `projects.count` rounded up to whole SIMD lanes (the tail is padding).
    public let stride: Int

    /// The rounded score of project `p` under scenario `m` (absolute indices).
    @inlinable
    public func score(project p: Int, scenario m: Int) -> Int32 {
        scores[(m - scenarios.lowerBound) * stride + (p - projects.lowerBound)]
    }
}

/// Something that summarises scenario results tile by tile, so that the N×M scores never exist at
/// once. Each worker gets its own copy; the copies are merged in a fixed order, and every score
/// is computed the same way whatever the tiling, so the result does not depend on the thread
/// count or on how the work is split.
@_spi(Stages)
public protocol ScenarioConsumer: Sendable {
    mutating func consume(_ block: ScenarioBlock)
    /// Every scenario of these projects has been consumed (``ScenarioEngine/Order/projectsFirst``).
    mutating func finish(projects: Range<Int>)
    /// Every project of these scenarios has been consumed (``ScenarioEngine/Order/scenariosFirst``).
    mutating func finish(scenarios: Range<Int>)
    mutating func merge(_ other: Self)
    /// Whether ``ScenarioBlock/grades`` is read; the engine skips grading when not.
    static var readsGrades: Bool { get }
}

extension ScenarioConsumer {
    public static var readsGrades: Bool { true }
    public mutating func finish(projects: Range<Int>) {}
    public mutating func finish(scenarios: Range<Int>) {}
}

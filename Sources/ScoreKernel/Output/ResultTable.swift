/// The tables ``Evaluation/write(to:language:format:tables:)`` writes (SPEC §10), named by
/// their file stems: a run that needs only some of them does not pay for the rest (the indicator
/// table alone is about 140 MB per 100,000 projects).
public enum ResultTable: String, Sendable, CaseIterable {
    /// project_scores: one row per project.
    case projectScores = "project_scores"
    /// indicator_scores: one row per indicator.
    case indicatorScores = "indicator_scores"
    /// departments: benchmarks per period and department.
    case departments
    /// sectors: benchmarks per period and sector.
    case sectors
    /// department_categories: category achievements per department.
    case departmentCategories = "department_categories"
    /// flags: one row per finding.
    case flags
    /// adjustments: one row per deduction, reward or listing (with result application).
    case adjustments
    /// application_totals: per period, rule and department (with result application).
    case applicationTotals = "application_totals"
}

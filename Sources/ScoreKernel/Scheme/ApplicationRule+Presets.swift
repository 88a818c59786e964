extension ApplicationRule {
    /// The names of the built-in rule sets (SPEC §8), for `evalcli score --apply`.
    public static let presetNames = ["execution-pool", "grade-tiered-deduction", "below-average-cut", "monitoring-adjustment"]

    /// The rules of a preset from published local practice (SPEC §8); nil for another name.
    /// Where the published rule gives no rate, the rate here is an example to be set by the user
    /// (docs/application.md):
    ///
    /// - `execution-pool` (罗江区): departments whose execution rate Σ executed / Σ budget is below
    ///   85 % lose 5 % (example) of `public_funds`; the pool goes to those above 96 %, in
    ///   proportion to their `public_funds`.
    /// - `grade-tiered-deduction` (广州): a department graded good, fair or poor loses 1 %, 3 % or 5 %
    ///   of `public_funds`.
    /// - `below-average-cut`: a department whose overall score is below the period's average loses
    ///   5 % (example) of `next_year_request`.
    /// - `monitoring-adjustment` (阿拉山口, 常德): a project with monitoring scores below 60 in two
    ///   consecutive periods goes on the 预算调整 list; one with an execution rate below 70 % two
    ///   years running (annual periods only) on the 重点评价 list.
    public static func preset(_ name: String) -> [ApplicationRule]? {
        switch name {
        case "execution-pool":
            [ApplicationRule(name: "execution-pool-deduct", scope: .department,
                             condition: .compare(.executionRate, .below, 85),
                             action: .deductPercent(base: "public_funds", rate: .single(5))),
             ApplicationRule(name: "execution-pool-reward", scope: .department,
                             condition: .compare(.executionRate, .above, 96),
                             action: .rewardFromPool(rules: ["execution-pool-deduct"], base: "public_funds"))]
        case "grade-tiered-deduction":
            [ApplicationRule(name: "grade-tiered-deduction", scope: .department,
                             condition: .grade(["good", "fair", "poor"]),
                             action: .deductPercent(base: "public_funds", rate: .byGrade(["good": 1, "fair": 3, "poor": 5])))]
        case "below-average-cut":
            [ApplicationRule(name: "below-average-cut", scope: .department, condition: .belowAverage,
                             action: .deductPercent(base: "next_year_request", rate: .single(5)))]
        case "monitoring-adjustment":
            [ApplicationRule(name: "budget-adjustment", scope: .project,
                             condition: .consecutive(.compare(.monitorScore, .below, 60), periods: 2),
                             action: .flag(list: "预算调整")),
             ApplicationRule(name: "key-evaluation", scope: .project,
                             condition: .consecutive(.compare(.executionRate, .below, 70), periods: 2, annual: true),
                             action: .flag(list: "重点评价"))]
        default: nil
        }
    }
}

/// The batch's periods read as dates: `2024` (a year), `2024-07`, `2024/7`, `2024年7月` (a monitoring
/// cut-off at the end of month 7). Used for time progress and for rules over consecutive periods.
struct PeriodCalendar: Sendable {
    /// Year per period code, nil when the text is not a date.
    let year: [Int?]
    /// Month per period code, nil for an annual period.
    let month: [Int?]
    /// Position of each period code in chronological order (undated periods last, by text).
    let rank: [Int]

    init(periods: [String]) {
        let parsed = periods.map(Self.parse)
        year = parsed.map(\.year)
        month = parsed.map(\.month)
        let order = periods.indices.sorted { a, b in
            switch (parsed[a].year, parsed[b].year) {
            case let (ya?, yb?) where ya != yb: return ya < yb
            case (.some, nil): return true
            case (nil, .some): return false
            case (.some, .some): return (parsed[a].month ?? 12) != (parsed[b].month ?? 12)
                ? (parsed[a].month ?? 12) < (parsed[b].month ?? 12) : periods[a] < periods[b]
            case (nil, nil): return periods[a] < periods[b]
            }
        }
        var rank = [Int](repeating: 0, count: periods.count)
        for (r, p) in order.enumerated() { rank[p] = r }
        self.rank = rank
    }

    /// The month a period ends in, for time progress: its month, or 12 for an annual period.
    func progressMonth(_ period: Int) -> Int { month[period] ?? 12 }

    /// (year, month) of a period's text; both nil when it is not a date.
    static func parse(_ text: String) -> (year: Int?, month: Int?) {
        guard let date = PeriodDate(text) else { return (nil, nil) }
        return (date.year, date.month)
    }
}

/// The date a period stands for (SPEC §2): a year, `2024` or `2024年`, or a monitoring cut-off
/// at the end of a month, `2024-07`, `2024/7`, `2024.07` or `2024年7月`.
///
/// A period that is none of these (`2024-13`, `2024Q3`, `99999`, `abc`) is an input error, so
/// that time progress and the rules over consecutive periods never guess.
struct PeriodDate: Equatable, Sendable {
    var year: Int
    /// 1 … 12; nil for a whole year.
    var month: Int?

    init(year: Int, month: Int?) {
        self.year = year
        self.month = month
    }

    /// Reads `text` (spaces around it ignored); nil when it is not one of the forms above.
    init?(_ text: some StringProtocol) {
        let scalars = Array(text.unicodeScalars.drop(while: \.isSpace).reversed().drop(while: \.isSpace).reversed())
        var i = 0
        func digits(max: Int) -> (value: Int, count: Int) {
            var value = 0
            var count = 0
            while i < scalars.count, count < max, ("0"..."9").contains(scalars[i]) {
                value = value * 10 + Int(scalars[i].value - 0x30)
                count += 1
                i += 1
            }
            return (value, count)
        }
        let y = digits(max: 4)
        guard y.count == 4 else { return nil }
        year = y.value
        month = nil
        if i == scalars.count { return }
        let separator = scalars[i]
        guard "-/.年".unicodeScalars.contains(separator) else { return nil }
        i += 1
        if separator == "年", i == scalars.count { return }
        let m = digits(max: 2)
        guard m.count > 0, (1...12).contains(m.value) else { return nil }
        if separator == "年" {
            guard i < scalars.count, scalars[i] == "月" else { return nil }
            i += 1
        }
        guard i == scalars.count else { return nil }
        month = m.value
    }
}

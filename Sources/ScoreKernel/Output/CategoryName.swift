/// How a category of the category matrix (SPEC §4.5) is named in headers and cells: its code, or
/// with `--lang zh` the name printed on the 自评表 (产出指标, 数量指标) and 预算执行 for execution.
/// Indicator codes are their own names.
enum CategoryName {
    static func text(_ code: String, dimension: CategoryDimension, language: OutputLanguage) -> String {
        guard language == .zh else { return code }
        if code == "execution" { return "预算执行" }
        switch dimension {
        case .level1: return Level1.allCases.first { $0.code == code }?.chineseName ?? code
        case .level2: return Level2.dimensions.first { $0.code == code }?.chineseName ?? code
        case .indicator: return code
        }
    }

    /// The code of a category written in either language (产出指标 → output), as
    /// ``text(_:dimension:language:)`` would have written it; indicator codes are their own.
    static func code(_ written: String) -> String {
        if written == "预算执行" { return "execution" }
        if let l = Level1.allCases.first(where: { $0.chineseName == written }) { return l.code }
        if let l = Level2.dimensions.first(where: { $0.chineseName == written }) { return l.code }
        return written
    }
}

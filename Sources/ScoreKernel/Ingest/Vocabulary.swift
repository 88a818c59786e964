/// The words files use for directions, indicator levels and qualitative grades (SPEC §3.1,
/// §3.3), in English and Chinese. Matching is on trimmed text, ASCII case-insensitive, with
/// full-width ASCII folded.
enum Vocabulary {
    /// 指标性质 / 计算符号 cell → direction; nil when the word is unknown.
    static func direction(_ text: String) -> Direction? {
        directions[normalized(text)]
    }

    /// 一级指标 cell → level 1, ignoring a 指标 suffix and "(50分)"-style decorations.
    static func level1(_ text: String) -> Level1? {
        level1Names[undecorated(text)]
    }

    /// 二级指标 cell → level 2, ignoring a 指标 suffix and decorations.
    static func level2(_ text: String) -> Level2? {
        level2Names[undecorated(text)]
    }

    /// The names a category of the category matrix (SPEC §4.5) goes by besides its code, as
    /// headers and keys of a weights file: the level names a 一级指标 / 二级指标 cell accepts, each
    /// also with 指标 (产出, 产出指标; 数量, 数量指标; 满意度 for level-2 satisfaction), the 自评表's
    /// full name (服务对象满意度指标), and 预算执行 / 预算执行率 for execution. An indicator code has
    /// no other name.
    static func categoryAliases(_ code: String, dimension: CategoryDimension) -> [String] {
        if code == "execution" { return ["预算执行", "预算执行率"] }
        let names: [String]
        switch dimension {
        case .level1:
            guard let level = Level1.allCases.first(where: { $0.code == code }) else { return [] }
            names = [level.chineseName] + level1Names.filter { $0.value == level }.keys.sorted()
        case .level2:
            guard let level = Level2.dimensions.first(where: { $0.code == code }) else { return [] }
            names = [level.chineseName] + level2Names.filter { $0.value == level }.keys.sorted()
        case .indicator:
            return []
        }
        var aliases: [String] = []
        for name in names where name != code {
            for alias in name.hasSuffix("指标") ? [name] : [name, name + "指标"] where !aliases.contains(alias) {
                aliases.append(alias)
            }
        }
        return aliases
    }

    /// 实际完成值 of a qualitative indicator → grade (SPEC §3.3), the scheme's `qualitative.words`
    /// (`extra`, keys normalized as cells are) before the built-in words.
    static func grade(_ text: String, extra: [String: QualitativeGrade] = [:]) -> QualitativeGrade? {
        let key = normalized(text)
        return extra[key] ?? grades[key]
    }

    /// Every accepted qualitative word by grade, for the message of an unknown one.
    static func gradeWords(extra: [String: QualitativeGrade] = [:]) -> String {
        let all = grades.merging(extra) { $1 }
        return [QualitativeGrade.achieved, .partial, .notAchieved].map { g in
            "\(g.code) = " + all.filter { $0.value == g }.keys.sorted().joined(separator: " ")
        }.joined(separator: "; ")
    }

    private static let directions: [String: Direction] = [
        ">=": .atLeast, "≥": .atLeast, "≧": .atLeast, "ge": .atLeast, "正向": .atLeast, "正向指标": .atLeast,
        ">": .above, "gt": .above,
        "<=": .atMost, "≤": .atMost, "≦": .atMost, "le": .atMost, "反向": .atMost, "反向指标": .atMost,
        "<": .below, "lt": .below,
        "=": .equal, "eq": .equal, "等于": .equal,
        "range": .range, "区间": .range,
        "qual": .qualitative, "定性": .qualitative, "定性指标": .qualitative,
    ]

    private static let level1Names: [String: Level1] = [
        "output": .output, "产出": .output,
        "benefit": .benefit, "效益": .benefit,
        "satisfaction": .satisfaction, "满意度": .satisfaction,
    ]

    private static let level2Names: [String: Level2] = {
        var names: [String: Level2] = [:]
        for l in Level2.dimensions {
            names[l.code] = l
            names[String(l.chineseName.dropLast(2))] = l  // 数量指标 → 数量
        }
        names["满意度"] = .satisfaction
        return names
    }()

    private static let grades: [String: QualitativeGrade] = {
        var g: [String: QualitativeGrade] = [:]
        // SPEC §3.3, and the words of real 自评表 (docs/values.md).
        for w in ["达成", "达成年度指标", "达成预期指标", "完成", "已完成", "全部达成", "按时完成", "达标", "有效", "效果明显",
                  "明显提升", "显著", "显著提升", "良好", "是", "achieved"] { g[w] = .achieved }
        for w in ["部分达成", "部分达成年度指标并具有一定效果", "基本达成", "基本完成", "部分完成", "较好", "partial"] { g[w] = .partial }
        for w in ["未达成", "未达成年度指标且效果较差", "未完成", "否", "not_achieved"] { g[w] = .notAchieved }
        return g
    }()

    /// Trimmed, full-width ASCII folded, ASCII lower-cased.
    static func normalized(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for var s in text.unicodeScalars {
            if s.value >= 0xFF01, s.value <= 0xFF5E { s = Unicode.Scalar(s.value - 0xFF01 + 0x21)! }
            if s.value >= 0x41, s.value <= 0x5A { s = Unicode.Scalar(s.value + 0x20)! }
            out.append(s)
        }
        return String(out).trimmingSpaces
    }

    /// Normalized, without "(…)" / "（…）" parts and without a trailing 指标.
    static func undecorated(_ text: String) -> String {
        var out = ""
        var depth = 0
        for ch in normalized(text) {
            if ch == "(" { depth += 1 } else if ch == ")" { depth = max(0, depth - 1) } else if depth == 0 { out.append(ch) }
        }
        out = out.trimmingSpaces
        if out.hasSuffix("指标") { out = String(out.dropLast(2)).trimmingSpaces }
        return out
    }
}

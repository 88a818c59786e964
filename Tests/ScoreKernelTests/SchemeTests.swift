import Testing

@_spi(Stages) @testable import ScoreKernel


/// The errors of a scheme file that must be rejected (none when it loads).
private func errors(_ yaml: String) -> [Diagnostic] {
    do {
        _ = try Scheme.load(yaml: yaml, file: "scheme.yaml")
        return []
    } catch {
        return error.diagnostics.errors
    }
}

/// The one error of a scheme file, as (rule, line, key path).
private func onlyError(_ yaml: String) -> (rule: String, line: Int?, column: String?)? {
    let found = errors(yaml)
    #expect(found.count == 1, "\(found)")
    return found.first.map { ($0.rule.rawValue, $0.line, $0.column) }
}

@Suite struct SchemeLoadingTests {
    @Test func emptyFileIsTheDefaults() throws {
        #expect(try Scheme.load(yaml: "", file: "s.yaml") == Scheme())
        #expect(try Scheme.load(yaml: "# only a comment\n", file: "s.yaml") == Scheme())
        #expect(try Scheme.load(yaml: "execution:\nqualitative: ~\n", file: "s.yaml") == Scheme())
    }

    @Test func defaultsAreTheNationalRules() {
        let s = Scheme()
        #expect(s.precision == 2 && s.pointsTotal == 100 && s.executionPoints == 10 && s.overshootFlag == 1.2)
        #expect(s.grades.map(\.minimum) == [90, 80, 60, 0])
        #expect(s.grades.map(\.label) == ["优", "良", "中", "差"])
        #expect(s.weights.values.reduce(0, +) == 100)
    }

    @Test func presets() throws {
        #expect(Scheme.named("national") == Scheme())
        #expect(Scheme.named("local-80-70-60")?.grades.map(\.minimum) == [80, 70, 60, 0])
        #expect(Scheme.named("local-80-70-60")?.grades.map(\.name) == ["excellent", "good", "fair", "poor"])
        #expect(Scheme.named("tiers")?.grades.map(\.label) == ["一等", "二等", "三等", "四等"])
        #expect(Scheme.named("tiers")?.grades.map(\.minimum) == [90, 80, 60, 0])
        #expect(Scheme.named("guangxi")?.overshootFlag == 1.3)
        #expect(Scheme.named("hunan") == nil)
        for name in Scheme.presetNames {
            #expect(try Scheme.load(yaml: "preset: \(name)", file: "s.yaml") == Scheme.named(name))
        }
    }

    @Test func presetIsAppliedBeforeTheOtherKeysWhereverItIsWritten() throws {
        let s = try Scheme.load(yaml: "overshoot_flag: 1.25\npreset: tiers\n", file: "s.yaml")
        #expect(s.overshootFlag == 1.25)
        #expect(s.grades == GradePreset.tiers.bands)
    }

    @Test func everyKey() throws {
        let yaml = """
            precision: 0
            points_total: 90
            normalize_points: true
            negative_actual: error
            reverse: linear
            equal: two_sided
            overshoot_flag: 1.3
            execution: {points: 20, cap: false}
            qualitative: {achieved: 0.9, partial: 0.6, not_achieved: 0}
            grades:
              - {name: a, label: 甲, min: 85}
              - {name: b, min: 0}
            unit_words: [个, 元]
            dimension: level2
            missing_category: {merge: {satisfaction: social}}
            weights: {quantity: 20, quality: 20, timeliness: 5, cost: 5, economic: 10, social: 10,
                      ecological: 5, sustainability: 5, satisfaction: 10, execution: 10}
            deviation:
              execution_completion_gap: 15
              progress_light: {red_below: 50, green_from: 75}
              checkpoints: [{month: 6, min_rate: 40}]
              low_monitoring_score: 55
              consecutive_low_monitoring: 3
              key_evaluation: {rate_below: 65, years: 3}
              execution_reason_below: 85
              review_gap: 8
              outlier_robust_z: 3
            benchmarks: {rank_by: weighted_mean, average_of: projects}
            """
        let s = try Scheme.load(yaml: yaml, file: "s.yaml")
        #expect(s.precision == 0 && s.pointsTotal == 90 && s.normalizePoints)
        #expect(s.negativeActual == .error && s.reverse == .linear && s.equal == .twoSided && s.overshootFlag == 1.3)
        #expect(s.executionPoints == 20 && !s.executionCap)
        #expect([s.qualitativeAchieved, s.qualitativePartial, s.qualitativeNotAchieved] == [0.9, 0.6, 0])
        #expect(s.grades == [.init(name: "a", label: "甲", minimum: 85), .init(name: "b", label: "b", minimum: 0)])
        #expect(s.unitWords == ["个", "元"])
        #expect(s.dimension == .level2)
        #expect(s.missingCategory == .merge(["satisfaction": "social"]))
        #expect(s.weights["quantity"] == 20 && s.weights.count == 10)
        #expect(s.executionCompletionGap == 15 && s.progressRedBelow == 50 && s.progressGreenFrom == 75)
        #expect(s.checkpoints == [Checkpoint(month: 6, minimumRate: 40)])
        #expect(s.lowMonitoringScore == 55 && s.consecutiveLowMonitoring == 3)
        #expect(s.keyEvaluationRateBelow == 65 && s.keyEvaluationYears == 3)
        #expect(s.executionReasonBelow == 85 && s.reviewGap == 8 && s.outlierRobustZ == 3)
        #expect(s.rankBy == .weightedMean && s.averageOf == .projects)
    }

    @Test func gradesAsPresetName() throws {
        #expect(try Scheme.load(yaml: "grades: local-80-70-60", file: "s.yaml").grades == GradePreset.local807060.bands)
    }

    @Test func gradesAsBlockList() throws {
        let yaml = """
            grades:
              - name: pass
                label: 合格
                min: 60
              - name: fail
                label: 不合格
                min: 0
            """
        let s = try Scheme.load(yaml: yaml, file: "s.yaml")
        #expect(s.grades == [
            .init(name: "pass", label: "合格", minimum: 60), .init(name: "fail", label: "不合格", minimum: 0),
        ])
    }

    @Test func missingCategory() throws {
        #expect(try Scheme.load(yaml: "missing_category: zero", file: "s.yaml").missingCategory == .zero)
        #expect(try Scheme.load(yaml: "missing_category: renormalize", file: "s.yaml").missingCategory == .renormalize)
        let merged = try Scheme.load(yaml: "missing_category:\n  merge:\n    satisfaction: output\n", file: "s.yaml")
        #expect(merged.missingCategory == .merge(["satisfaction": "output"]))
    }

    @Test func indicatorDimensionTakesAnyCode() throws {
        let s = try Scheme.load(
            yaml: """
                dimension: indicator
                weights: {'0101': 60, 绿化率: 30, execution: 10}
                missing_category: {merge: {'0101': 绿化率}}
                """,
            file: "s.yaml")
        #expect(s.weights == ["0101": 60, "绿化率": 30, "execution": 10])
        #expect(s.missingCategory == .merge(["0101": "绿化率"]))
    }
}

@Suite struct SchemeRoundTripTests {
    @Test func defaults() throws {
        #expect(try Scheme.load(yaml: Scheme().yaml, file: "s.yaml") == Scheme())
    }

    @Test func presets() throws {
        for name in Scheme.presetNames {
            let s = try #require(Scheme.named(name))
            #expect(try Scheme.load(yaml: s.yaml, file: "s.yaml") == s)
        }
    }

    @Test func everySettingChanged() throws {
        var s = Scheme()
        s.precision = 0
        s.rounding = .truncate
        s.pointsTotal = 99.5
        s.normalizePoints = true
        s.negativeActual = .error
        s.reverse = .linear
        s.equal = .twoSided
        s.overshootFlag = 0.1 + 0.2 + 1  // not a short decimal
        s.executionPoints = 1e-5
        s.executionCap = false
        s.qualitativeAchieved = 0.95
        s.qualitativePartial = 0.95
        s.qualitativeNotAchieved = 1.0 / 3
        s.grades = [
            GradeBand(name: "true", label: "A: \"top\" #1", minimum: 9999.125),
            GradeBand(name: "null", label: " ", minimum: 60.5),
            GradeBand(name: "-x", label: "tab\there\u{7}", minimum: 0),
        ]
        s.unitWords = ["%", "1", "万 元", "yes", "[x]", "a,b", "\u{85}", "\u{200B}"]
        s.dimension = .indicator
        s.weights = ["1.10": 33.3, "~": 33.3, "execution": 100 - 33.3 - 33.3]
        s.missingCategory = .merge(["1.10": "execution", "~": "execution"])
        s.executionCompletionGap = 0
        s.progressRedBelow = 70
        s.progressGreenFrom = 70
        s.checkpoints = []
        s.lowMonitoringScore = 59.99
        s.consecutiveLowMonitoring = 1
        s.keyEvaluationRateBelow = 100
        s.keyEvaluationYears = 5
        s.executionReasonBelow = 0
        s.reviewGap = 12.5
        s.outlierRobustZ = 2.5
        s.rankBy = .median
        s.averageOf = .projects
        let loaded = try Scheme.load(yaml: s.yaml, file: "s.yaml")
        #expect(loaded == s, "\(s.yaml)")
    }

    /// Random valid schemes, with numbers that have no short decimal form.
    @Test func randomSchemes() throws {
        var random = SplitMix64(seed: 2024)
        for _ in 0..<200 {
            var s = Scheme()
            s.precision = Int.random(in: 0...6, using: &random)
            s.pointsTotal = .random(in: 21...1000, using: &random)  // above execution points (0…20)
            s.overshootFlag = .random(in: 1...2, using: &random)
            s.executionPoints = .random(in: 0...20, using: &random)
            let achievements = (0..<3).map { _ in Double.random(in: 0...1, using: &random) }.sorted(by: >)
            (s.qualitativeAchieved, s.qualitativePartial, s.qualitativeNotAchieved) =
                (achievements[0], achievements[1], achievements[2])
            let minima = (0..<3).map { _ in Double.random(in: 1...100, using: &random) }.sorted(by: >) + [0]
            s.grades = minima.enumerated().map { GradeBand(name: "g\($0)", label: "等级\($0)", minimum: $1) }
            s.dimension = .level2
            let shares = (0..<9).map { _ in Double.random(in: 0...11, using: &random) }
            s.weights = Dictionary(uniqueKeysWithValues: zip(CategoryDimension.level2.categoryCodes!, shares))
            s.weights["execution"] = 100 - shares.reduce(0, +)
            s.progressRedBelow = .random(in: 0...50, using: &random)
            let month = Int.random(in: 1...12, using: &random)
            s.checkpoints = [Checkpoint(month: month, minimumRate: .random(in: 0...100, using: &random))]
            s.outlierRobustZ = .random(in: 0.5...5, using: &random)
            #expect(try Scheme.load(yaml: s.yaml, file: "s.yaml") == s)
        }
    }

    @Test func printsEveryKeyWithItsSection() {
        let text = Scheme().yaml
        for key in [
            "precision:", "rounding:", "points_total:", "normalize_points:", "negative_actual:", "reverse:", "equal:",
            "overshoot_flag:", "execution:", "  points:", "  cap:", "qualitative:", "  achieved:", "grades:",
            "unit_words:", "dimension:", "missing_category:", "weights:", "deviation:", "  checkpoints:",
            "  progress_light:", "    red_below:", "  key_evaluation:", "    years:", "benchmarks:", "  rank_by:",
            "  average_of:",
        ] {
            #expect(text.contains("\n\(key) ") || text.contains("\n\(key)\n"), "\(key)")
        }
        #expect(text.contains("# §4.4"))
        #expect(text.contains("  - {name: excellent, label: 优, min: 90}"))
        #expect(text.contains("overshoot_flag: 1.2\n"))
        #expect(text.contains("points_total: 100\n"))
    }
}

@Suite struct SchemeErrorTests {
    @Test func unknownKeySuggestsTheClosest() throws {
        let e = try #require(errors("precision: 2\nexecution:\n  pionts: 10\n").first)
        #expect(e.rule.rawValue == "unknown_key" && e.line == 3 && e.column == "execution.pionts")
        #expect(e.message.contains("`points`"))
        #expect(onlyError("presicion: 2")! == ("unknown_key", 1, "presicion"))
    }

    @Test func wrongType() {
        #expect(onlyError("precision: 2\n\nprecision_x: 1")! == ("unknown_key", 3, "precision_x"))
        #expect(onlyError("points_total: 100\nprecision: two\n")! == ("wrong_type", 2, "precision"))
        #expect(onlyError("precision: 2.5")! == ("wrong_type", 1, "precision"))
        #expect(onlyError("points_total: '100'")! == ("wrong_type", 1, "points_total"))
        #expect(onlyError("overshoot_flag: .inf")! == ("wrong_type", 1, "overshoot_flag"))
        #expect(onlyError("normalize_points: 1")! == ("wrong_type", 1, "normalize_points"))
        #expect(onlyError("execution: 10")! == ("wrong_type", 1, "execution"))
        #expect(onlyError("unit_words: 个")! == ("wrong_type", 1, "unit_words"))
        #expect(onlyError("weights: 100")! == ("wrong_type", 1, "weights"))
        #expect(onlyError("missing_category: {merge: output}")! == ("wrong_type", 1, "missing_category.merge"))
        #expect(onlyError("- precision: 2")! == ("wrong_type", 1, nil))
    }

    @Test func outOfRange() {
        #expect(onlyError("precision: 7")! == ("out_of_range", 1, "precision"))
        #expect(onlyError("points_total: 0")! == ("out_of_range", 1, "points_total"))
        #expect(onlyError("overshoot_flag: 0.9")! == ("out_of_range", 1, "overshoot_flag"))
        #expect(onlyError("qualitative:\n  partial: 1.5\n")! == ("out_of_range", 2, "qualitative.partial"))
        #expect(onlyError("execution: {points: -1}")! == ("out_of_range", 1, "execution.points"))
        let checkpoints = """
            deviation:
              checkpoints:
                - {month: 10, min_rate: 60}
                - {month: 13, min_rate: 101}
            """
        let found = errors(checkpoints)
        #expect(found.map(\.rule.rawValue) == ["out_of_range", "out_of_range"])
        #expect(found.map(\.line) == [4, 4])
        #expect(found.map(\.column) == ["deviation.checkpoints[1].month", "deviation.checkpoints[1].min_rate"])
        #expect(onlyError("deviation: {key_evaluation: {years: 0}}")!
            == ("out_of_range", 1, "deviation.key_evaluation.years"))
    }

    @Test func unknownEnumValueListsTheAccepted() throws {
        let e = try #require(errors("dimension: level1\nreverse: linar\n").first)
        #expect(e.rule.rawValue == "unknown_value" && e.line == 2 && e.column == "reverse" && e.value == "linar")
        #expect(e.message.contains("ratio, linear"))
        #expect(onlyError("benchmarks:\n  rank_by: average\n")! == ("unknown_value", 2, "benchmarks.rank_by"))
        #expect(onlyError("grades: provincial")! == ("unknown_value", 1, "grades"))
        #expect(onlyError("preset: hunan")! == ("unknown_value", 1, "preset"))
        #expect(onlyError("missing_category: drop")! == ("unknown_value", 1, "missing_category"))
    }

    @Test func qualitativeOrder() {
        #expect(onlyError("precision: 2\nqualitative:\n  partial: 0.2\n")! == ("inconsistent", 2, "qualitative"))
    }

    @Test func gradeBands() {
        #expect(onlyError("grades: []")! == ("inconsistent", 1, "grades"))
        let duplicate = "grades:\n  - {name: a, min: 90}\n  - {name: a, min: 0}\n"
        #expect(onlyError(duplicate)! == ("inconsistent", 3, "grades[1].name"))
        let ascending = "grades:\n  - {name: a, min: 60}\n  - {name: b, min: 90}\n  - {name: c, min: 0}\n"
        #expect(onlyError(ascending)! == ("inconsistent", 3, "grades[1].min"))
        let lastNotZero = "grades:\n  - {name: a, min: 90}\n  - {name: b, min: 10}\n"
        #expect(onlyError(lastNotZero)! == ("inconsistent", 3, "grades[1].min"))
        let missing = "grades:\n  - {name: a, min: 90}\n  - label: 差\n"
        #expect(onlyError(missing)! == ("missing_key", 3, "grades[1]"))
        #expect(onlyError("grades:\n  - {name: a, min: 0, max: 100}\n")! == ("unknown_key", 2, "grades[0].max"))
    }

    @Test func weights() throws {
        let unknown = try #require(errors("weights: {output: 50, benefit: 30, satisfction: 10, execution: 10}").first)
        #expect(unknown.rule.rawValue == "unknown_value" && unknown.column == "weights.satisfction")
        #expect(unknown.value == "satisfction")
        #expect(unknown.message.contains("output, benefit, satisfaction, execution"))
        #expect(onlyError("weights:\n  output: 60\n  benefit: -10\n  satisfaction: 40\n  execution: 10\n")!
            == ("out_of_range", 3, "weights.benefit"))
        let sum = "dimension: level1\nweights:\n  output: 50\n  benefit: 30\n  satisfaction: 10\n  execution: 9\n"
        #expect(onlyError(sum)! == ("inconsistent", 2, "weights"))
        #expect(errors("weights: {output: 50, benefit: 30, satisfaction: 10, execution: 10.0000000000001}").isEmpty)
        // level2 codes are checked against the dimension wherever `dimension` is written.
        #expect(onlyError("weights: {quantity: 90, execution: 10}\ndimension: level1")!
            == ("unknown_value", 1, "weights.quantity"))
        #expect(errors("weights: {quantity: 90, execution: 10}\ndimension: level2").isEmpty)
        #expect(onlyError("precision: 2\ndimension: level2\n")! == ("inconsistent", 2, "dimension"))
        #expect(onlyError("dimension: indicator")! == ("inconsistent", 1, "dimension"))
    }

    @Test func missingCategoryMerge() {
        #expect(onlyError("missing_category:\n  merge:\n    satisfaction: satisfaction\n")!
            == ("inconsistent", 3, "missing_category.merge.satisfaction"))
        #expect(onlyError("missing_category: {merge: {satisfaction: outcome}}")!
            == ("unknown_value", 1, "missing_category.merge.satisfaction"))
        #expect(onlyError("missing_category:\n  merge:\n    satisfaction: benefit\n    benefit: output\n")!
            == ("inconsistent", 3, "missing_category.merge.satisfaction"))
        #expect(onlyError("missing_category: {merge: {}}")! == ("inconsistent", 1, "missing_category.merge"))
        #expect(onlyError("missing_category: {}")! == ("missing_key", 1, "missing_category"))
        #expect(onlyError("missing_category: {mrege: {satisfaction: output}}")!
            == ("unknown_key", 1, "missing_category.mrege"))
    }

    @Test func deviationThresholds() {
        #expect(onlyError("deviation:\n  progress_light: {red_below: 90}\n")!
            == ("inconsistent", 2, "deviation.progress_light"))
        #expect(onlyError("deviation:\n  checkpoints:\n    - {month: 10}\n")!
            == ("missing_key", 3, "deviation.checkpoints[0]"))
    }

    @Test func yamlSyntaxCarriesTheLine() throws {
        let e = try #require(errors("precision: 2\nexecution:\n  points: [10\ncap: true\n").first)
        #expect(e.rule.rawValue == "yaml_syntax" && e.line != nil && e.column == nil)
        #expect(onlyError("precision: 2\nreverse: ratio\nreverse: linear\n")?.rule == "duplicate_key")
        let tab = try #require(errors("precision: 2\n\tpoints_total: 100\n").first)
        #expect(tab.rule.rawValue == "yaml_syntax" && tab.line == 2)
    }

    @Test func everyErrorIsCollected() {
        let yaml = """
            precision: 9
            reverse: linar
            execution:
              cap: maybe
              pionts: 10
            weights: {output: 50}
            """
        let found = errors(yaml)
        #expect(found.map(\.line) == [1, 2, 4, 5, 6])
        #expect(found.map(\.column) == ["precision", "reverse", "execution.cap", "execution.pionts", "weights"])
        #expect(found.allSatisfy { $0.file == "scheme.yaml" })
    }
}

import Foundation
import Testing

@_spi(Stages) @testable import ScoreKernel

private let level1 = ["output", "benefit", "satisfaction", "execution"]

/// Writes `bytes` to a new temporary file named `name` and returns its path.
private func temporaryFile(_ name: String, _ bytes: [UInt8]) throws -> String {
    let dir = NSTemporaryDirectory() + "weights-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let path = dir + "/" + name
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return path
}

/// Reads a weights file with the given text.
private func read(
    _ name: String, _ text: String, categories: [String] = level1, dimension: CategoryDimension = .level1,
    scheme: Scheme = Scheme()
) throws -> [NamedWeights] {
    try WeightsFile.read(path: temporaryFile(name, Array(text.utf8)), categories: categories, dimension: dimension, scheme: scheme)
}

/// The errors of a weights file, as (rule, line, column), in the order reported.
private func errors(
    _ name: String, _ text: String, categories: [String] = level1, dimension: CategoryDimension = .level1
) throws -> [Problem] {
    do {
        let found = try read(name, text, categories: categories, dimension: dimension)
        Issue.record("read without errors: \(found)")
        return []
    } catch let error as InputRejected {
        for d in error.diagnostics.errors { #expect(d.file == name) }
        return error.diagnostics.errors.map { Problem($0.rule.rawValue, $0.line, $0.column) }
    }
}

private struct Problem: Equatable, CustomStringConvertible {
    var rule: String
    var line: Int?
    var column: String?
    init(_ rule: String, _ line: Int?, _ column: String? = nil) {
        self.rule = rule
        self.line = line
        self.column = column
    }
    var description: String { "\(rule)@\(line.map(String.init) ?? "-") \(column ?? "")" }
}

@Suite struct WeightsFileCSVTests {
    @Test func columnsInAnyOrderLandInTheCallersCategoryOrder() throws {
        let found = try read("w.csv", """
            scenario,满意度,output,预算执行率,效益指标
            output-heavy,10,60,10,20
            "strict, ""B""\",10,50,10,30

            """)
        #expect(found == [
            NamedWeights(name: "output-heavy", weights: [60, 20, 10, 10], grades: nil),
            NamedWeights(name: "strict, \"B\"", weights: [50, 30, 10, 10], grades: nil),
        ])
    }

    @Test func chineseHeadersAndAnAbsentCategoryWeighingZero() throws {
        // 情景名称 names the scenario column; there is no satisfaction column: it weighs 0.
        let found = try read("w.csv", "\u{FEFF}情景名称,产出指标,效益,预算执行\r\n甲,62.5,27.5,10\r\n")
        #expect(found == [NamedWeights(name: "甲", weights: [62.5, 27.5, 0, 10], grades: nil)])
        let short = try read("w.csv", "情景,产出,效益,满意度指标,EXECUTION\n乙, 40 ,40,10,10\n")
        #expect(short.map(\.weights) == [[40, 40, 10, 10]])
    }

    @Test func aGB18030FileIsDecoded() throws {
        // 情景,产出,效益,满意度,预算执行 / 甲,50,30,10,10 as GB18030.
        let bytes: [UInt8] = [
            0xC7, 0xE9, 0xBE, 0xB0, 0x2C, 0xB2, 0xFA, 0xB3, 0xF6, 0x2C, 0xD0, 0xA7, 0xD2, 0xE6, 0x2C, 0xC2, 0xFA,
            0xD2, 0xE2, 0xB6, 0xC8, 0x2C, 0xD4, 0xA4, 0xCB, 0xE3, 0xD6, 0xB4, 0xD0, 0xD0, 0x0A, 0xBC, 0xD7, 0x2C,
            0x35, 0x30, 0x2C, 0x33, 0x30, 0x2C, 0x31, 0x30, 0x2C, 0x31, 0x30, 0x0A,
        ]
        let found = try WeightsFile.read(path: temporaryFile("w.csv", bytes), categories: level1, dimension: .level1, scheme: Scheme())
        #expect(found == [NamedWeights(name: "甲", weights: [50, 30, 10, 10], grades: nil)])
    }

    @Test func level2AndIndicatorCategories() throws {
        let level2 = Level2.dimensions.map(\.code) + ["execution"]
        let found = try read(
            "w.csv", "scenario,数量指标,质量,时效,成本,经济效益,社会效益指标,生态效益,可持续影响,满意度,预算执行\na,20,20,5,5,10,10,5,5,10,10\n",
            categories: level2, dimension: .level2)
        #expect(found.first?.weights == [20, 20, 5, 5, 10, 10, 5, 5, 10, 10])
        // Indicator codes are their own names; only execution has another.
        let codes = try read("w.csv", "scenario,B02,A01,预算执行\nx,30,60,10\n",
                             categories: ["A01", "B02", "execution"], dimension: .indicator)
        #expect(codes.first?.weights == [60, 30, 10])
        #expect(try errors("w.csv", "scenario,A01,产出,execution\nx,60,30,10\n", categories: ["A01", "B02", "execution"],
                           dimension: .indicator) == [Problem("unknown_category", 1, "产出")])
    }

    @Test func aSumWithinOneMillionthOf100IsAccepted() throws {
        let found = try read("w.csv", "scenario,output,benefit,satisfaction,execution\nthirds,33.3333333,33.3333333,33.3333334,0\n")
        #expect(found.count == 1)
        #expect(try errors("w.csv", "scenario,output,benefit,satisfaction,execution\nx,60,20,10,10.00001\n")
            == [Problem("weights_sum", 2)])
    }

    @Test func blankRowsAreNoScenarios() throws {
        let found = try read("w.csv", "scenario,output,benefit,satisfaction,execution\na,60,20,10,10\n,,,,\n\n")
        #expect(found.map(\.name) == ["a"])
    }

    @Test func everyRowProblemIsReportedWithItsLine() throws {
        let found = try errors("w.csv", """
            scenario,output,benefit,satisfaction,execution
            ok,60,20,10,10
            OK,50,30,10,10
            ,50,30,10,10
            scheme,50,30,10,10
            As_Filed,50,30,10,10
            sum,50,30,10,5
            negative,70,-10,30,10
            text,abc,30,10,10
            percent,60%,30,10,0
            empty,,50,40,10
            short,50,30
            huge,1e20,30,10,10

            """)
        #expect(found == [
            Problem("duplicate_scenario", 3, "scenario"),
            Problem("empty_value", 4, "scenario"),
            Problem("reserved_scenario", 5, "scenario"),
            Problem("reserved_scenario", 6, "scenario"),
            Problem("weights_sum", 7),
            Problem("negative_weight", 8, "benefit"),
            Problem("not_a_number", 9, "output"),
            Problem("not_a_number", 10, "output"),
            Problem("not_a_number", 11, "output"),
            Problem("field_count", 12),
            Problem("number_range", 13, "output"),
        ])
    }

    @Test func headerProblems() throws {
        // A misspelt category is an error, not an ignored column.
        #expect(try errors("w.csv", "scenario,output,benefits,satisfaction,execution\na,60,20,10,10\n")
            == [Problem("unknown_category", 1, "benefits")])
        #expect(try errors("w.csv", "scenario,output,benefit,satisfaction,execution,\na,60,20,10,10,\n")
            == [Problem("unknown_category", 1, "field 6")])
        #expect(try errors("w.csv", "output,benefit,satisfaction,execution\n60,20,10,10\n") == [Problem("missing_column", 1)])
        #expect(try errors("w.csv", "name,output,benefit,satisfaction,execution\na,60,20,10,10\n")
            == [Problem("missing_column", 1), Problem("unknown_category", 1, "name")])
        #expect(try errors("w.csv", "scenario,output,产出,satisfaction,execution\na,60,20,10,10\n")
            == [Problem("duplicate_column", 1, "产出")])
    }

    @Test func aFileWithoutScenarios() throws {
        #expect(try errors("w.csv", "scenario,output,benefit,satisfaction,execution\n") == [Problem("no_scenarios", 1)])
        #expect(try errors("w.csv", "scenario,output,benefit,satisfaction,execution\n,,,,\n") == [Problem("no_scenarios", 1)])
        #expect(try errors("w.csv", "") == [Problem("empty_file", nil)])
    }

    @Test func csvSyntax() throws {
        #expect(try errors("w.csv", "scenario,output,benefit,satisfaction,execution\na\"b,60,20,10,10\n")
            == [Problem("csv_syntax", 2, "field 1")])
    }
}

@Suite struct WeightsFileYAMLTests {
    @Test func scenariosWithAndWithoutTheirOwnGrades() throws {
        let found = try read("w.yaml", """
            scenarios:
              - name: output-heavy
                weights: {output: 60, benefit: 20, satisfaction: 10, execution: 10}
              - name: strict
                weights: {output: 50, benefit: 30, satisfaction: 10, execution: 10}
                grades:            # this scenario's own bands
                  - {name: excellent, label: 优, min: 95}
                  - {name: good, label: 良, min: 85}
                  - {name: fair, label: 中, min: 60}
                  - {name: poor, label: 差, min: 0}
              - name: 产出优先
                weights:
                  产出指标: 70
                  满意度: 20
                  预算执行率: 10
            """)
        #expect(found == [
            NamedWeights(name: "output-heavy", weights: [60, 20, 10, 10], grades: nil),
            NamedWeights(name: "strict", weights: [50, 30, 10, 10], grades: [
                GradeBand(name: "excellent", label: "优", minimum: 95), GradeBand(name: "good", label: "良", minimum: 85),
                GradeBand(name: "fair", label: "中", minimum: 60), GradeBand(name: "poor", label: "差", minimum: 0),
            ]),
            NamedWeights(name: "产出优先", weights: [70, 0, 20, 10], grades: nil),
        ])
    }

    @Test func gradesFollowTheSchemesBandNames() throws {
        let tiers = try #require(Scheme.named("tiers"))
        let found = try read("w.yml", """
            scenarios:
              - name: tiers-too
                weights: {output: 50, benefit: 30, satisfaction: 10, execution: 10}
                grades: tiers
            """, scheme: tiers)
        #expect(found.first?.grades == GradePreset.tiers.bands)
        // The national bands' names under a tiers scheme do not line up.
        #expect(throws: InputRejected.self) {
            try read("w.yml", """
                scenarios:
                  - name: national
                    weights: {output: 50, benefit: 30, satisfaction: 10, execution: 10}
                    grades: national
                """, scheme: tiers)
        }
    }

    @Test func everyScenarioProblemIsReportedWithItsLineAndKey() throws {
        let found = try errors("w.yaml", """
            scenarios:
              - name: ok
                weights: {output: 60, benefit: 20, satisfaction: 10, execution: 10}
              - name: OK
                weights: {output: 60, benefit: 20, satisfaction: 10, execution: 10}
              - name: ""
                weights: {output: 60, benefit: 20, satisfaction: 10, execution: 10}
              - name: as_filed
                weights: {output: 60, benefit: 20, satisfaction: 10, execution: 10}
              - name: sum
                weights: {output: 60, benefit: 20, satisfaction: 10}
              - name: negative
                weights: {output: 80, benefit: -10, satisfaction: 20, execution: 10}
              - name: text
                weights: {output: "60", benefit: 20, satisfaction: 10, execution: 10}
              - name: unknown
                weights: {output: 60, benefits: 20, satisfaction: 10, execution: 10}
              - name: twice
                weights: {output: 60, 产出: 20, satisfaction: 10, execution: 10}
              - name: other-bands
                weights: {output: 60, benefit: 20, satisfaction: 10, execution: 10}
                grades:
                  - {name: a, min: 90}
                  - {name: b, min: 0}
              - name: bad-bands
                weights: {output: 60, benefit: 20, satisfaction: 10, execution: 10}
                grades:
                  - {name: excellent, min: 80}
                  - {name: good, min: 90}
                  - {name: fair, min: 60}
                  - {name: poor, min: 0}
              - weights: {output: 60, benefit: 20, satisfaction: 10, execution: 10}
            """)
        #expect(found == [
            Problem("duplicate_scenario", 4, "scenarios[1].name"),
            Problem("empty_value", 6, "scenarios[2].name"),
            Problem("reserved_scenario", 8, "scenarios[3].name"),
            Problem("weights_sum", 11, "scenarios[4].weights"),
            Problem("negative_weight", 13, "scenarios[5].weights.benefit"),
            Problem("wrong_type", 15, "scenarios[6].weights.output"),
            Problem("unknown_category", 17, "scenarios[7].weights.benefits"),
            Problem("duplicate_key", 19, "scenarios[8].weights.产出"),
            Problem("grade_names", 22, "scenarios[9].grades"),
            Problem("inconsistent", 29, "scenarios[10].grades[1].min"),
            Problem("missing_key", 32, "scenarios[11]"),
        ])
    }

    @Test func aFileWithoutScenarios() throws {
        #expect(try errors("w.yaml", "scenarios: []\n") == [Problem("no_scenarios", 1, "scenarios")])
        #expect(try errors("w.yaml", "scenarios:\n") == [Problem("no_scenarios", 1)])
        #expect(try errors("w.yaml", "# nothing yet\n") == [Problem("no_scenarios", nil)])
        #expect(try errors("w.yaml", "senarios:\n  - name: a\n") == [Problem("unknown_key", 1, "senarios"), Problem("no_scenarios", 1)])
    }

    @Test func yamlSyntaxAndStructure() throws {
        #expect(try errors("w.yaml", "scenarios:\n  - name: a\n   weights: [\n").map(\.rule) == ["yaml_syntax"])
        #expect(try errors("w.yaml", "scenarios:\n  - just-a-name\n") == [Problem("wrong_type", 2, "scenarios[0]")])
        #expect(try errors("w.yaml", "scenarios:\n  - name: a\n    weights: [60, 20, 10, 10]\n")
            == [Problem("wrong_type", 3, "scenarios[0].weights")])
    }
}

@Suite struct WeightsFileBoundaryTests {
    @Test func aFileOverOneMebibyteIsRefusedByItsSize() throws {
        let path = try temporaryFile("w.csv", [UInt8](repeating: 0x0A, count: (1 << 20) + 1))
        #expect { try WeightsFile.read(path: path, categories: level1, dimension: .level1, scheme: Scheme()) } throws: { error in
            (error as? InputRejected)?.diagnostics.errors.map(\.rule) == [.fileTooLarge]
        }
    }

    @Test func unreadableFiles() throws {
        #expect(try errors("w.txt", "scenario,output\n").map(\.rule) == ["unreadable_file"])
        #expect(try errors("w.csv", "scenario,output\u{0}\n") == [Problem("unreadable_file", 1)])
        #expect { try WeightsFile.read(path: "/nonexistent/w.yaml", categories: level1, dimension: .level1, scheme: Scheme()) } throws: { error in
            (error as? InputRejected)?.diagnostics.errors.map(\.rule) == [.unreadableFile]
        }
    }

    @Test func categoryAliases() {
        #expect(Vocabulary.categoryAliases("output", dimension: .level1) == ["产出指标", "产出"])
        #expect(Vocabulary.categoryAliases("satisfaction", dimension: .level2)
            == ["服务对象满意度指标", "服务对象满意度", "满意度", "满意度指标"])
        #expect(Vocabulary.categoryAliases("execution", dimension: .indicator) == ["预算执行", "预算执行率"])
        #expect(Vocabulary.categoryAliases("A01", dimension: .indicator) == [])
    }
}

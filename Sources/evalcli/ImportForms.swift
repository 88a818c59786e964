import ArgumentParser
import Foundation
import ScoreKernel

extension EvalCLI {
    struct ImportForms: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import-forms",
            abstract: "Turn filled-in 项目支出绩效自评表 workbooks into projects.csv and indicators.csv.",
            discussion: """
                Every sheet of every workbook is read as one project's form (the form of 财预〔2020〕10号), found by its \
                labels wherever it sits: the 年度 of its title line, 项目名称, 项目编码 (a row provinces add; without it \
                the project is named <file>-<sheet>), 主管部门, 全年预算数 and 全年执行数 of 年度资金总额 (万元, written as \
                元 to the fen), the indicator rows under 一级指标 … 得分 down to 总分 (merged 一级指标 and 二级指标 \
                carried down), and the 总分's 得分 as 自评得分. A filed 得分 is checked by score (§5), as in any batch; \
                a target without a digit (健全) is written as 定性. A sheet or file that is not such a form is left \
                out and named with its cell: on stderr and in rejects.csv (exit 2, the other forms written).

                Examples:
                  evalcli import-forms 自评表/ --out batch
                  evalcli import-forms 教育局.xlsx 卫健委.xlsx --out batch
                  evalcli score --projects batch/projects.csv --indicators batch/indicators.csv --out results
                """
        )

        @Argument(help: "Workbooks (.xlsx), or folders searched for them.")
        var paths: [String]

        @Option(help: "Folder for projects.csv, indicators.csv (and rejects.csv): new, empty, or an earlier import's (replaced whole).")
        var out: String

        func run() throws {
            let start = Date()
            let imported: FormImport
            do {
                imported = try FormImport(paths: paths, writingTo: out)
            } catch {
                Report.line("cannot write the batch: \(error); \(out) is as it was")
                throw ExitCode(1)
            }
            for problem in imported.problems { Report.line("error: " + problem.description) }
            print("read       \(imported.forms.count) forms from \(imported.workbooks.count) workbooks")
            print("wrote      \(out)/projects.csv (\(imported.forms.count) projects), \(out)/indicators.csv (\(imported.indicatorRows) rows)"
                  + (imported.problems.isEmpty ? "" : ", \(out)/rejects.csv (\(imported.problems.count) not read)"))
            print("time       \(String(format: "%.2f", Date().timeIntervalSince(start))) s")
            if !imported.problems.isEmpty { throw ExitCode(2) }
        }
    }
}

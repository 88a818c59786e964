import ArgumentParser
import Foundation
import ScoreKernel

extension EvalCLI {
    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a realistic projects.csv, indicators.csv and bases.csv (same seed → the same bytes), or the tables as a workbook.",
            discussion: """
                Examples:
                  evalcli generate --projects 100000 --seed 42 --out demo --lang zh
                  evalcli generate --projects 1000 --out book --lang zh --format xlsx
                  evalcli generate --projects 200 --out forms --format forms

                The second writes book/book.xlsx (and book/bases.csv); score it with \
                evalcli score --projects book/book.xlsx --indicators book/book.xlsx --out results. \
                The third writes filled-in 项目支出绩效自评表 forms, one workbook per department and one sheet \
                per project, shifted and merged as real files are (and forms/bases.csv); read them back with \
                evalcli import-forms forms --out batch.
                """
        )

        @Option(help: "How many projects.")
        var projects: Int

        @Option(help: "Seed of the SplitMix64 generator.")
        var seed: UInt64 = 42

        @Option(help: "Folder to write projects.csv, indicators.csv and bases.csv (公用经费 and 下年预算申请数 per department, for --apply) into (created if missing).")
        var out: String

        @Option(help: "Header language: en (column codes) or zh (the official forms' names).")
        var lang: OutputLanguage = .en

        @Option(help: "The 年度 written on every row.")
        var period = "2024"

        @Option(help: "csv: projects.csv and indicators.csv; xlsx: both as the sheets of book.xlsx (项目表 and 指标表 with --lang zh, projects and indicators without; merged 一级指标 cells, % formats; a table longer than a sheet's 1,048,576 rows goes on over 指标表 (2), …, which score reads as one); forms: a 项目支出绩效自评表 per project, a workbook per department (always in Chinese).")
        var format: Format = .csv

        enum Format: String, ExpressibleByArgument, CaseIterable { case csv, xlsx, forms }

        func validate() throws {
            guard projects > 0 else { throw ValidationError("--projects must be at least 1") }
            if format == .forms, !(period.count == 4 && period.allSatisfy(\.isASCII) && period.allSatisfy(\.isNumber)) {
                throw ValidationError("--format forms writes a year's 自评表 (（2024年度）): --period must be a year such as 2024")
            }
        }

        func run() throws {
            let start = Date()
            do {
                try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            } catch {
                Report.line("\(out): cannot create the folder (\((error as NSError).localizedDescription))")
                throw ExitCode(1)
            }
            let generator = BatchGenerator(projects: projects, seed: seed, language: lang, period: period,
                                           threads: ProcessInfo.processInfo.activeProcessorCount)
            var lastReport = Date()
            var books = 0
            do {
                if format == .forms {
                    books = try generator.writeForms(folder: out)
                } else if format == .xlsx {
                    try generator.writeWorkbook(path: out + "/book.xlsx")
                } else {
                    try generator.write(
                        projectsPath: out + "/projects.csv", indicatorsPath: out + "/indicators.csv",
                        progress: { done in
                            if Date().timeIntervalSince(lastReport) > 1 {
                                Report.line("generated \(done) of \(projects) projects")
                                lastReport = Date()
                            }
                        })
                }
                try generator.writeBases(path: out + "/bases.csv")
            } catch {
                Report.line("cannot write the files: \(error)")
                throw ExitCode(1)
            }
            let seconds = Date().timeIntervalSince(start)
            let tables = switch format {
            case .csv: "\(out)/projects.csv, \(out)/indicators.csv"
            case .xlsx: "\(out)/book.xlsx"
            case .forms: "\(books) workbooks of forms in \(out)"
            }
            print("wrote \(tables) and \(out)/bases.csv: \(projects) projects, seed \(seed), \(String(format: "%.2f", seconds)) s")
        }
    }
}

extension OutputLanguage: ExpressibleByArgument {}

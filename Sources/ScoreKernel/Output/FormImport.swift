import Foundation

/// Filled-in 项目支出绩效自评表 forms (one project per sheet) turned into a batch: `projects.csv`
/// and `indicators.csv` in ScoreKernel's format, with Chinese headers, which `score` then reads
/// — the filed 得分 of each indicator and the 总分 become the filed scores it checks (SPEC §5).
/// `evalcli import-forms` runs it.
///
/// Every sheet of every workbook is read as a form, found by its labels; a sheet that is not
/// one, or that lacks what a form must say, is reported with its file, sheet and cell and left
/// out, never read in part. The folder is written whole or not at all (as `score`'s results are), with
/// `rejects.csv` (file, sheet, cell, message) when a form was left out.
public struct FormImport: Sendable {
    /// A form that was not read: `book.xlsx!Sheet!C7: message`.
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        /// The workbook: its file name, or its path inside the folder given (县A/教育局.xlsx).
        public var file: String
        /// The sheet, when the problem is one sheet's.
        public var sheet: String?
        /// The cell, when the problem is one cell's (`C7`).
        public var cell: String?
        /// What is wrong, in the form's terms.
        public var message: String

        /// `file!sheet!cell: message`, as far as each is known.
        public var description: String {
            [file, sheet, cell].compactMap { $0 }.joined(separator: "!") + ": " + message
        }
    }

    /// The workbooks read, in the order read.
    public private(set) var workbooks: [String] = []
    /// The forms read, each with its file and sheet.
    public private(set) var forms: [(file: String, sheet: String, projectID: String)] = []
    /// The forms, files or sheets not read.
    public private(set) var problems: [Problem] = []
    /// Indicator rows written.
    public private(set) var indicatorRows = 0

    /// Reads the .xlsx workbooks at `paths` (files, or folders searched for `.xlsx` files, in
    /// name order) and writes `projects.csv` and `indicators.csv` (and `rejects.csv` when a form
    /// was left out) into `folder`.
    /// - Throws: ``OutputError`` when the folder cannot be written; it is then as it was.
    public init(paths: [String], writingTo folder: String) throws(OutputError) {
        var read: [(file: String, sheet: String, form: SelfEvaluationForm)] = []
        for (path, file) in Self.workbookPaths(paths, problems: &problems) {
            workbooks.append(path)
            let book: Workbook
            do {
                book = try Workbook(path: path, fileName: file)
            } catch {
                problems.append(Problem(file: file, message: error.message))
                continue
            }
            for sheet in book.sheets {
                do throws(SourceTextError) {
                    let (rows, diagnostics) = try book.grid(sheet)
                    if rows.isEmpty, diagnostics.errors.isEmpty { continue }  // an empty sheet (Sheet2) is no form and no problem
                    if let error = diagnostics.errors.first {
                        problems.append(Problem(file: file, sheet: sheet.name, cell: error.cell, message: error.message))
                        continue
                    }
                    do throws(SelfEvaluationForm.Problem) {
                        read.append((file, sheet.name, try SelfEvaluationForm.read(rows)))
                    } catch {
                        problems.append(Problem(file: file, sheet: sheet.name, cell: error.cell, message: error.message))
                    }
                } catch {
                    problems.append(Problem(file: file, sheet: sheet.name, message: error.message))
                }
            }
        }
        // One form per project and period: a second is reported, the first kept.
        var first: [String: String] = [:]
        var projects = CSVWriter(byteOrderMark: false)
        var indicators = CSVWriter(byteOrderMark: false)
        for h in ["年度", "项目编码", "项目名称", "部门", "全年预算数", "全年执行数", "自评得分"] { projects.field(h) }
        projects.endRow()
        for h in ["年度", "项目编码", "一级指标", "二级指标", "三级指标", "指标性质", "年度指标值", "实际完成值", "分值", "得分"] { indicators.field(h) }
        indicators.endRow()
        for (file, sheet, form) in read {
            // Without a 项目编码 row the project is named by where its form is.
            let id = form.projectID ?? "\((file as NSString).deletingPathExtension.replacingOccurrences(of: "/", with: "-"))-\(sheet)"
            let key = form.period + "\u{1}" + id
            if let earlier = first[key] {
                problems.append(Problem(file: file, sheet: sheet, message: "is a second form of project \(id) for \(form.period) (the first: \(earlier)); left out"))
                continue
            }
            first[key] = "\(file)!\(sheet)"
            forms.append((file, sheet, id))
            for v in [form.period, id, form.name, form.department, SelfEvaluationForm.yuan(form.budget, inWan: form.unitIsWan),
                      SelfEvaluationForm.yuan(form.executed, inWan: form.unitIsWan), form.total ?? ""] { projects.field(v) }
            projects.endRow()
            for i in form.indicators {
                // A target without a digit is a qualitative one (健全, 有所提升).
                let qualitative = !i.target.isEmpty && !i.target.unicodeScalars.contains { ("0"..."9").contains($0) || ("０"..."９").contains($0) }
                for v in [form.period, id, i.level1, i.level2, i.indicator, qualitative ? "定性" : "", i.target, i.actual, i.points, i.score] {
                    indicators.field(v)
                }
                indicators.endRow()
                indicatorRows += 1
            }
        }
        let destination = try ResultFolder(destination: folder)
        var names = ["projects.csv", "indicators.csv"]
        var contents = [projects.bytes, indicators.bytes]
        if !problems.isEmpty {
            var rejects = CSVWriter(byteOrderMark: false)
            for h in ["file", "sheet", "cell", "message"] { rejects.field(h) }
            rejects.endRow()
            for p in problems {
                for v in [p.file, p.sheet ?? "", p.cell ?? "", p.message] { rejects.field(v) }
                rejects.endRow()
            }
            names.append("rejects.csv")
            contents.append(rejects.bytes)
        }
        for (name, bytes) in zip(names, contents) {
            let out = try destination.create(name)
            try out.write(bytes)
            try out.close()
        }
        try destination.commit(names)
    }

    /// The workbooks `paths` name, each with the name it is reported by: a file as given (its
    /// name), a folder searched (in name order) for `.xlsx` files (their path inside it, so that
    /// 县A/教育局.xlsx and 县B/教育局.xlsx stay apart). Lock files (`~$…`) and hidden files are
    /// skipped; a path that does not exist, and an older spreadsheet (.xls, .xlsm, .et) in a
    /// folder, are problems.
    private static func workbookPaths(_ paths: [String], problems: inout [Problem]) -> [(path: String, name: String)] {
        let fm = FileManager.default
        var out: [(String, String)] = []
        for path in paths {
            var isFolder: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isFolder) else {
                problems.append(Problem(file: path, message: "does not exist"))
                continue
            }
            guard isFolder.boolValue else {
                out.append((path, (path as NSString).lastPathComponent))
                continue
            }
            let folder = path.hasSuffix("/") ? String(path.dropLast()) : path
            var found: [String] = []
            for name in (fm.enumerator(atPath: folder)?.compactMap { $0 as? String } ?? []).sorted() {
                let last = (name as NSString).lastPathComponent
                guard !last.hasPrefix("~$"), !last.hasPrefix(".") else { continue }
                switch (name as NSString).pathExtension.lowercased() {
                case "xlsx": found.append(name)
                case "xls", "xlsm", "et":
                    problems.append(Problem(file: name, message: "is not an .xlsx workbook and is not read; save it as an Excel Workbook (.xlsx)"))
                default: break
                }
            }
            if found.isEmpty { problems.append(Problem(file: path, message: "holds no .xlsx workbook")) }
            out += found.map { (folder + "/" + $0, $0) }
        }
        return out
    }
}

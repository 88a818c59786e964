import Glibc

/// Where one run's result tables are written in its ``ResultFolder``: a file per table (CSV,
/// JSON), or one workbook, ``workbookName``, with a sheet per table (xlsx), assembled from the
/// tables' staged rows when they are all written.
final class TableOutputs {
    let folder: ResultFolder
    let format: ResultFormat
    let language: OutputLanguage
    /// Rows per worksheet, the header included.
    let maximumRows: Int
    private var sheets: [(stem: String, sink: SheetSink)] = []

    /// The workbook of `--format xlsx`.
    static let workbookName = "results.xlsx"

    init(folder: ResultFolder, format: ResultFormat, language: OutputLanguage, maximumRows: Int = WorkbookWriter.maximumRows) {
        self.folder = folder
        self.format = format
        self.language = language
        self.maximumRows = maximumRows
    }

    /// The output of the table `stem` (`project_scores`, `rejects`, …), opened in the order the
    /// tables are to appear; opened again, it starts over.
    func open(_ stem: String) throws(OutputError) -> TableSink {
        guard format == .xlsx else { return try folder.create("\(stem).\(format.fileExtension)") }
        let folder = folder
        let sink = SheetSink(name: Self.sheetName(stem, language), maximumRows: maximumRows) { (k: Int) throws(OutputError) in
            try folder.create(".\(stem)-\(k + 1).rows")
        }
        // Opened again (a streamed run that starts over): the first opening's staged rows go.
        for (opened, old) in sheets where opened == stem { for file in old.files { unlink(file) } }
        sheets.removeAll { $0.stem == stem }
        sheets.append((stem, sink))
        return sink
    }

    /// Finishes the files (the outputs all closed) and puts the folder in place: the names of the
    /// files, `names` or the workbook (compressed on `threads` workers).
    func commit(_ names: [String], threads: Int, progress: ((RunProgress) -> Void)?) throws(OutputError) -> [String] {
        guard format == .xlsx else {
            try folder.commit(names)
            return names
        }
        let end = WorkbookWriter.Segment.bytes(Array("</sheetData></worksheet>".utf8))
        var parts: [(name: String, content: [WorkbookWriter.Segment])] = []
        // In the order of `names`, whatever order the tables were opened in.
        let order = names.map { String($0.prefix { $0 != "." }) }
        for (_, sink) in sheets.sorted(by: { order.firstIndex(of: $0.stem) ?? 0 < order.firstIndex(of: $1.stem) ?? 0 }) {
            let opening = WorkbookWriter.Segment.bytes(SheetXML.opening(widths: sink.widths))
            for (k, file) in sink.files.enumerated() { parts.append((sink.sheetName(k), [opening, .file(file), end])) }
        }
        try WorkbookWriter.writePackage(parts, to: folder.path(of: Self.workbookName), threads: threads) { done, total in
            progress?(RunProgress(stage: .compressing, fraction: Double(done) / Double(max(total, 1)), bytes: Int(done)))
        }
        for (_, sink) in sheets { for file in sink.files { unlink(file) } }
        try folder.commit([Self.workbookName])
        return [Self.workbookName]
    }

    /// A table's sheet name: its file stem, or its Chinese name with `--lang zh`.
    static func sheetName(_ stem: String, _ language: OutputLanguage) -> String {
        guard language == .zh else { return stem }
        return [
            "project_scores": "项目得分", "indicator_scores": "指标得分", "departments": "部门", "sectors": "行业",
            "department_categories": "部门类别", "flags": "标记", "adjustments": "结果应用明细",
            "application_totals": "结果应用汇总", "rejects": "剔除记录", "scenarios": "情景", "scenario_weights": "情景权重",
            "rank_intervals": "排名区间", "department_rank_intervals": "部门排名区间", "sensitivity": "敏感性",
            "grade_margins": "等级边际", "scenario_application": "情景结果应用",
        ][stem] ?? stem
    }
}

/// rejects.csv (SPEC §5, lenient mode): every error that excluded a row or a project, with its
/// file, line, project, column, value, rule and message — nothing is dropped silently.
enum RejectsTable {
    static func header(_ language: OutputLanguage) -> [String] {
        language == .zh
            ? ["文件", "行", "年度", "项目编码", "列", "值", "规则", "说明"]
            : ["file", "line", "period", "project_id", "column", "value", "rule", "message"]
    }

    static func bytes(_ diagnostics: Diagnostics, language: OutputLanguage, format: ResultFormat) -> [UInt8] {
        var w = TableWriter(format: format, header: header(language))
        for d in diagnostics.all where d.severity == .error {
            w.text(d.file)
            if let line = d.line { w.integer(line) } else { w.empty() }
            w.text(d.period ?? "")
            w.text(d.projectID ?? "")
            w.text(d.column ?? "")
            w.text(d.value ?? "")
            w.text(d.rule.rawValue)
            w.text(d.message)
            w.endRow()
        }
        return w.finish()
    }
}

import Foundation

/// The report people read: one self-contained HTML page of a period's results, with charts and
/// the numbers beside them, to send to a finance bureau or a department.
///
/// It reads the files that ``Evaluation/write(to:language:format:tables:)`` and
/// ``ScenarioResults`` wrote (CSV, either header language) — project_scores.csv and
/// departments.csv are required; department_categories, flags, scenarios, rank intervals, grade
/// margins and application_totals add their sections when present — and aggregates them, so the
/// page is the same size for a district's 2,000 projects or a province's million:
///
/// ```swift
/// let report = try ResultReport(resultFolders: ["results", "scenarios"])
/// try report.write(to: "report.html")
/// ```
///
/// The page has no script and fetches nothing: an inline stylesheet with a font stack that
/// finds the CJK fonts people have, inline SVG charts, and print rules for A4. Every name from
/// the files is escaped.
public struct ResultReport: Sendable {
    let figures: ReportFigures

    /// Reads the result files in `resultFolders` (each file from the first folder that holds
    /// it) for `period`, or for the latest period when nil; the large tables in parts on
    /// `threads` workers (the page is the same whatever the count). `progress` is told the
    /// bytes read (stage ``RunProgress/Stage/reading``) as each part of a table is done, from
    /// worker threads.
    ///
    /// - Throws: ``InputRejected`` naming file, line and column when project_scores.csv or
    ///   departments.csv is missing, a file is not a result table, or the files do not belong
    ///   together (a department unknown to departments.csv, a period the results do not have).
    public init(resultFolders: [String], period: String? = nil, threads: Int = ProcessInfo.processInfo.activeProcessorCount,
                progress: (@Sendable (RunProgress) -> Void)? = nil) throws(InputRejected)
    {
        figures = try ReportFigures(folders: resultFolders, period: period, parts: max(1, threads), progress: progress)
    }

    /// The period the report covers.
    public var period: String { figures.period }

    /// The language of the results: Chinese when their headers or department names are Chinese,
    /// the page's language unless one is asked for.
    public var resultLanguage: OutputLanguage { figures.chinese ? .zh : .en }

    /// The page, in `language` (default ``resultLanguage``), titled `title` (default: 预算绩效评价结果报告
    /// or its English).
    public func html(language: OutputLanguage? = nil, title: String? = nil) -> String {
        var page = ReportPage(figures: figures, zh: (language ?? resultLanguage) == .zh, title: title)
        return page.render()
    }

    /// Writes ``html(language:title:)`` to `path`: into a temporary file beside it, renamed into
    /// place at the end, so that `path` is never half-written. A symbolic link is followed: the
    /// file it points to is replaced.
    ///
    /// - Throws: ``OutputError`` when the file cannot be written, when `path` is something other
    ///   than a file (a folder, a device), or when it is one of the result files read; `path` is
    ///   then as it was.
    public func write(to path: String, language: OutputLanguage? = nil, title: String? = nil) throws(OutputError) {
        let url = URL(fileURLWithPath: path).resolvingSymlinksInPath()
        var info = stat()
        if lstat(url.path, &info) == 0, (info.st_mode & S_IFMT) != S_IFREG {
            throw OutputError(path: path, message: "is not a file (a folder or a device); name the HTML file to write")
        }
        if figures.sources.contains(url.path) {
            throw OutputError(path: path, message: "is one of the result files the report reads; name another file")
        }
        let partial = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial-\(getpid())").path
        do throws(OutputError) {
            let file = try OutputFile(creating: partial)
            try file.write(Array(html(language: language, title: title).utf8))
            try file.close()
            guard rename(partial, url.path) == 0 else { throw OutputError(path: path, errno: errno, doing: "cannot move the report into place") }
        } catch {
            unlink(partial)
            throw error
        }
    }
}

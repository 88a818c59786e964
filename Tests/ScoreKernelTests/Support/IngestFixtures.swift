@_spi(Stages) @testable import ScoreKernel

/// Reads two CSV texts as projects.csv and indicators.csv: the batch, or the diagnostics of a
/// rejected input.
func ingest(
    projects: String, indicators: String, scheme: Scheme = Scheme(), mode: BatchReader.Mode = .strict
) -> (result: BatchReader.Result?, diagnostics: Diagnostics) {
    do {
        let p = try SourceText(fileName: "projects.csv", data: Array(projects.utf8))
        let i = try SourceText(fileName: "indicators.csv", data: Array(indicators.utf8))
        let r = try BatchReader(scheme: scheme, mode: mode, threads: 2).read(projects: p, indicators: i)
        return (r, r.diagnostics)
    } catch let e as InputRejected {
        return (nil, e.diagnostics)
    } catch {
        fatalError("\(error)")
    }
}

/// A valid pair of tables: two projects of one department, 90 indicator points each.
enum Tables {
    static let projects = """
        project_id,department,period,budget,executed
        P1,教育局,2024,100.00,90.00
        P2,教育局,2024,200.00,200.00

        """
    static let indicatorHeader = "project_id,period,level1,level2,indicator,direction,target,actual,points,score\n"
    /// P1: output 50 + benefit 30 + satisfaction 10; P2 the same.
    static let indicators = indicatorHeader + """
        P1,2024,产出指标,数量指标,培训人次,>=,≥100人次,90人次,50,
        P1,2024,效益指标,社会效益指标,公共服务水平,qual,有所提升,达成年度指标,30,
        P1,2024,满意度指标,服务对象满意度指标,满意度,,≥90%,95%,10,
        P2,2024,output,quantity,Trainees,,>=100,120,50,
        P2,2024,benefit,social,Service,,5-10,7,30,
        P2,2024,satisfaction,satisfaction,Satisfaction,,>=90%,85%,10,

        """
}

extension Diagnostics {
    /// The first diagnostic of `rule`.
    func first(_ rule: String) -> Diagnostic? { all.first { $0.rule.rawValue == rule } }
}

/// department_categories.csv: the department × category view of ``DepartmentBenchmarks`` (SPEC
/// §7), one row per (period, department, category) that at least one of the department's projects
/// has, with the number of such projects and their mean achievement C[p,k] (round-trip form).
enum DepartmentCategoriesTable {
    static func header(_ key: GroupKey, _ language: OutputLanguage) -> [String] {
        let zh = language == .zh
        let name = key == .department ? (zh ? "部门" : "department") : (zh ? "行业" : "sector")
        return zh ? ["年度", name, "指标类别", "项目数", "平均完成度"] : ["period", name, "category", "projects", "mean_achievement"]
    }

    static func bytes(
        _ batch: ProjectBatch, _ b: DepartmentBenchmarks, dimension: CategoryDimension, language: OutputLanguage, format: ResultFormat
    ) -> [UInt8] {
        var w = TableWriter(format: format, header: header(b.key, language))
        let names = b.key == .department ? batch.departments : batch.sectors
        let categories = b.categories.map { CategoryName.text($0, dimension: dimension, language: language) }
        for r in 0..<b.count {
            for k in categories.indices where b.categoryProjects(row: r, category: k) > 0 {
                w.text(batch.periods[Int(b.period[r])])
                w.text(names[Int(b.group[r])])
                w.text(categories[k])
                w.integer(b.categoryProjects(row: r, category: k))
                w.roundTrip(b.categoryAchievement(row: r, category: k))
                w.endRow()
            }
        }
        return w.finish()
    }
}

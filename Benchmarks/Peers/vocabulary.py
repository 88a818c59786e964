"""The column names both peers accept for each column of projects.csv and indicators.csv
(SPEC §3.1: the English code and the Chinese headers of the forms), shared by score_polars.py
and scenarios_numpy.py."""

ALIASES = {
    "period": ["period", "年度", "期间", "评价年度"],
    "project_id": ["project_id", "项目编码", "项目编号", "项目代码"],
    "department": ["department", "部门", "单位", "预算单位", "主管部门"],
    "budget": ["budget", "全年预算数", "调整后预算数", "预算数"],
    "executed": ["executed", "全年执行数", "预算执行数", "执行数"],
    "level1": ["level1", "一级指标"],
    "direction": ["direction", "指标性质", "指标方向", "计算符号"],
    "target": ["target", "年度指标值", "指标值"],
    "target_high": ["target_high", "指标值上限"],
    "actual": ["actual", "实际完成值", "完成值"],
    "points": ["points", "分值", "权重"],
    "score": ["score", "得分"],
}

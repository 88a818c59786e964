// A scheme file (SPEC §3.4); a scheme that loads then scores a small fixed batch (the README's
// example and two more projects), since most scheme settings only matter when scoring.
import FuzzDriver
@_spi(Fuzzing) import ScoreKernel

let projects = Array("""
    项目编码,部门,行业,年度,全年预算数,全年执行数,自评得分,复核得分
    P001,区教育局,教育,2024,"1,200,000.00",1134000.00,92,90
    P002,区教育局,教育,2024,500000,250000,80,
    P003,区卫生健康委,卫生,2024,800000.5,800000.5,,85

    """.utf8)
let indicators = Array("""
    项目编码,年度,一级指标,二级指标,三级指标,指标编码,指标性质,年度指标值,实际完成值,分值,得分
    P001,2024,产出指标,数量指标,培训人次,Q1,,≥1200人次,1130人次,20,
    P001,2024,产出指标,质量指标,培训合格率,Q2,正向,95%,97%,15,
    P001,2024,产出指标,成本指标,人均成本,C1,反向,≤300元,320元,15,
    P001,2024,效益指标,社会效益指标,就业增长率,E1,区间,5%-10%,4%,15,
    P001,2024,效益指标,可持续影响指标,长效机制,S1,定性,健全,部分达成,15,10
    P001,2024,满意度指标,服务对象满意度指标,满意度,M1,,≥90%,88%,10,
    P002,2024,产出指标,数量指标,培训人次,Q1,>=,1000,1500,40,
    P002,2024,产出指标,时效指标,按时完成率,T1,=,=100%,100%,20,
    P002,2024,满意度指标,服务对象满意度指标,满意度,M1,>,90%,95%,30,
    P003,2024,产出指标,数量指标,培训人次,Q1,>=,0,0,45,
    P003,2024,产出指标,成本指标,人均成本,C1,<,300,0,45,

    """.utf8)

runFuzzer { bytes in
    if let scheme = FuzzTarget.scheme(bytes) {
        FuzzTarget.pipeline(projects: projects, indicators: indicators, scheme: scheme)
    }
}

import Foundation
import Testing

/// The content of indicator_scores.csv and flags.csv, cell by cell, against values worked out by
/// hand (issue 14: no test read them before).
@Suite struct OutputContentTests {
    /// P1 is the complete 自评表 of ProjectScoreTests (total 89.35), filed 自评得分 90 and 复核得分 78.
    /// P2 has one indicator, ≥100 met with 130 and filed at 80, and spent half its budget.
    let projects = """
        project_id,department,period,budget,executed,self_score,review_score
        P1,D,2024,100,95.5,90,78
        P2,D,2024,100,50,,

        """
    let indicators = """
        project_id,period,level1,indicator,direction,target,actual,points,score
        P1,2024,output,培训人次,>=,1200,1130,20,
        P1,2024,output,合格率,>=,95%,97%,15,
        P1,2024,output,按时完成率,=,100%,90%,10,
        P1,2024,output,成本,<=,30万元,32万元,5,
        P1,2024,benefit,就业增长,range,5%-10%,4%,15,
        P1,2024,benefit,服务水平,qual,提升,部分达成,15,
        P1,2024,satisfaction,满意度,>=,90%,88%,10,
        P2,2024,output,完成量,>=,100,130,90,80

        """

    func run() throws -> (indicators: [String], flags: [String]) {
        let dir = try CLI.temporaryFolder()
        try projects.write(toFile: "\(dir)/p.csv", atomically: true, encoding: .utf8)
        try indicators.write(toFile: "\(dir)/i.csv", atomically: true, encoding: .utf8)
        let r = try CLI.run(["score", "--projects", "\(dir)/p.csv", "--indicators", "\(dir)/i.csv", "--out", "\(dir)/out"])
        #expect(r.status == 0, "\(r.stderr)")
        func lines(_ name: String) throws -> [String] {
            try String(contentsOfFile: "\(dir)/out/\(name)", encoding: .utf8).split(separator: "\r\n").map(String.init)
        }
        return (try lines("indicator_scores.csv"), try lines("flags.csv"))
    }

    @Test func indicatorScoresHoldAchievementScoreAndDeviation() throws {
        let rows = try run().indicators
        #expect(rows[0] == "period,project_id,level1,level2,indicator,direction,target,actual,points,achievement,score,deviation,flags,target_high,indicator_code")
        // period, id, level1, level2 (none), name, direction, target, actual, points, then:
        #expect(Array(rows[1..<8]) == [
            // 1130/1200 = 0.941667 → 0.9417; 20 × 0.941667 = 18.83; (1130 − 1200)/1200 = −0.058333.
            "2024,P1,output,,培训人次,>=,1200,1130,20,0.9417,18.83,-0.0583,underachieved,,",
            // 97 ≥ 95: 1, 15.00; (97 − 95)/95 = 0.021053; 97 < 1.2 × 95, no overshoot.
            "2024,P1,output,,合格率,>=,95,97,15,1.0000,15.00,0.0211,,,",
            // = as ≥: 90/100 = 0.9, 9.00; −0.1.
            "2024,P1,output,,按时完成率,=,100,90,10,0.9000,9.00,-0.1000,underachieved,,",
            // ≤ ratio: 30/32 = 0.9375, 5 × 0.9375 = 4.6875 → 4.69; (32 − 30)/30 = 0.066667.
            "2024,P1,output,,成本,<=,30,32,5,0.9375,4.69,0.0667,underachieved,,",
            // range [5, 10], 4 below: 4/5 = 0.8, 12.00; from the lower bound (4 − 5)/5 = −0.2; target_high 10.
            "2024,P1,benefit,,就业增长,range,5,4,15,0.8000,12.00,-0.2000,underachieved,10,",
            // 部分达成 without a score: 0.7, 10.50; no number to deviate from.
            "2024,P1,benefit,,服务水平,qual,,partial,15,0.7000,10.50,,underachieved,,",
            // 88/90 = 0.977778, 9.78; (88 − 90)/90 = −0.022222.
            "2024,P1,satisfaction,,满意度,>=,90,88,10,0.9778,9.78,-0.0222,underachieved,,",
        ])
        // 130 ≥ 1.2 × 100: overshoot; the score never passes the points: 90.00; filed 80 ≠ 90.
        #expect(rows[8] == "2024,P2,output,,完成量,>=,100,130,90,1.0000,90.00,0.3000,overshoot;filed_score_differs,,")
    }

    @Test func flagsHoldValueThresholdAndMessage() throws {
        let rows = try run().flags
        #expect(rows == [
            "period,scope,key,code,severity,value,threshold,message",
            // Filed 90 at 0 decimals against round(89.35) = 89 (messages with a comma are quoted).
            "2024,project,P1,self_score_differs,warning,90,89.35,\"the filed self-evaluation score differs from the recomputed total (filed 90, recomputed 89.35)\"",
            // Six of seven indicators below their points (all but 合格率).
            "2024,project,P1,deviation_reason_required,info,6,,indicators scored below their points: a written reason is required",
            // 90 − 78 = 12 ≥ 10.
            "2024,project,P1,review_gap,warning,12,10,self-evaluation and review scores differ",
            // Completion 100 % − execution 50 % = 50 points > 20.
            "2024,project,P2,execution_completion_gap,warning,50,20,execution rate and target completion rate differ by more than the threshold (points)",
            // A year: τ = 12/12; 50 / 1 = 50 < 60.
            "2024,project,P2,progress_red,warning,50,60,red light: execution rate behind the time elapsed (序时进度)",
            // December's checkpoint 85 %.
            "2024,project,P2,execution_behind_checkpoint,warning,50,85,execution rate below the checkpoint for this month",
            "2024,project,P2,execution_reason_required,info,50,90,execution rate below the threshold: a written reason is required",
            // 130 / 100 = 1.3 against 1.2.
            "2024,indicator,P2/完成量,overshoot,warning,1.3,1.2,actual far above target: target possibly set too low",
            "2024,indicator,P2/完成量,filed_score_differs,warning,80,90,\"the filed score differs from the recomputed score (filed 80, recomputed 90.00)\"",
        ])
    }
}

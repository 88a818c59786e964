import Foundation
import ScoreKernel

/// Progress of a long run on stderr (issue 13): nothing for the first second; then on a terminal
/// one line redrawn in place (stage, share done, MB/s, time left), and into a pipe or file a plain
/// line when a stage starts and at most every 5 s within one. `--quiet` turns it off.
final class ProgressDisplay: @unchecked Sendable {
    private let lock = NSLock()
    private let start = Date()
    private let isTerminal = isatty(STDERR_FILENO) != 0
    private var stage: RunProgress.Stage?
    private var stageStart = Date()
    private var lastLine = Date.distantPast
    private var drawn = false

    /// The display's handler, or nil when `quiet`.
    static func handler(quiet: Bool) -> ProgressDisplay? { quiet ? nil : ProgressDisplay() }

    func report(_ p: RunProgress) {
        lock.withLock {
            let now = Date()
            let newStage = p.stage != stage
            if newStage {
                stage = p.stage
                stageStart = now
            }
            guard now.timeIntervalSince(start) >= 1 else { return }
            let interval = isTerminal ? 0.1 : 5
            guard newStage || now.timeIntervalSince(lastLine) >= interval || (isTerminal && p.fraction == 1) else { return }
            lastLine = now
            let text = Self.line(p, elapsed: now.timeIntervalSince(start), inStage: now.timeIntervalSince(stageStart))
            if isTerminal {
                FileHandle.standardError.write(Data(("\r\u{1B}[K" + text).utf8))
                drawn = true
            } else {
                Report.line(text)
            }
        }
    }

    /// Clears a redrawn line before the summary is printed.
    func finish() {
        lock.withLock {
            if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            drawn = false
        }
    }

    /// `12.3 s  reading  52 %  6,500,000 rows  680 MB, 210 MB/s, about 3 s left`
    static func line(_ p: RunProgress, elapsed: Double, inStage: Double) -> String {
        var text = "\(Format.fixed(elapsed, 1)) s  \(p.stage.rawValue)"
        guard p.fraction > 0 || p.bytes > 0 else { return text }
        text += "  \(Int(p.fraction * 100)) %"
        if p.rows > 0 { text += "  \(Format.grouped(p.rows)) rows" }
        if p.bytes > 0 {
            let mb = Double(p.bytes) / 1_000_000
            text += "  \(Format.fixed(mb, 0)) MB"
            if inStage > 0.2 { text += ", \(Format.fixed(mb / inStage, 0)) MB/s" }
        }
        if p.fraction > 0.05, p.fraction < 1, inStage > 0.2 {
            text += ", about \(Format.fixed(inStage * (1 - p.fraction) / p.fraction, 0)) s left"
        }
        return text
    }
}

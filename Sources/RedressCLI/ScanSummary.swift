import Foundation
import RedressDiagnostics

/// What a `scan` did, gathered as orders finish.
struct ScanTally {
    /// The orders the scan handled (opened or continued).
    var handled: [ScanOrderHandler.Handled] = []
    /// Anomalous orders whose case was open with a run in flight elsewhere or parked.
    var leftOpen = 0

    mutating func add(_ outcome: ScanOrderHandler.Outcome) {
        switch outcome {
        case .skipped(let alreadyOpen): if alreadyOpen { leftOpen += 1 }
        case .handled(let order): handled.append(order)
        }
    }

    /// The orders that could not be handled, by their error's text: the first message of each
    /// cause and how many orders it stopped (a full disk is one line, not 300).
    func errorsByCause() -> [(String, Int)] {
        var counts: [String: Int] = [:]
        var order: [String] = []
        for item in handled where item.outcome == .error {
            let message = item.detail ?? "unknown error"
            if counts[message] == nil { order.append(message) }
            counts[message, default: 0] += 1
        }
        return order.map { ($0, counts[$0] ?? 0) }
    }
}

/// The per-anomaly summary `redress scan` prints.
enum ScanSummary {
    static func table(_ tally: ScanTally, elapsed: TimeInterval) -> String {
        var lines = ["ANOMALY              HANDLED  RESOLVED  WAITING  ESCALATED  FAILED  STOPPED  MEDIAN"]
        let groups = Dictionary(grouping: tally.handled, by: \.anomaly)
        for anomaly in groups.keys.sorted() {
            let runs = groups[anomaly] ?? []
            let times = runs.map(\.seconds).sorted()
            let median = times.isEmpty ? 0 : times[times.count / 2]
            func count(_ results: ScanOrderHandler.Result...) -> Int { runs.count { results.contains($0.outcome) } }
            lines.append(
                [
                    TerminalText.escape(anomaly).padding(toLength: 20, withPad: " ", startingAt: 0), pad(runs.count, 7), pad(count(.resolved), 8), pad(count(.waiting), 7),
                    pad(count(.escalated), 9), pad(count(.failed, .error, .needsReconciliation), 6), pad(count(.stopped), 7),
                    String(format: "%6.0f ms", median * 1_000),
                ].joined(separator: "  "))
        }
        let rate = elapsed > 0 ? Double(tally.handled.count) / elapsed : 0
        lines.append("\(tally.handled.count) orders in \(String(format: "%.2f", elapsed)) s (\(String(format: "%.0f", rate)) orders/s)")
        if tally.leftOpen > 0 {
            lines.append("\(tally.leftOpen) order(s) already had an open case (parked, or in flight elsewhere): left to 'redress tick' and 'redress resume'")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func pad(_ number: Int, _ width: Int) -> String {
        let text = String(number)
        return String(repeating: " ", count: max(0, width - text.count)) + text
    }
}

/// A one-line progress bar on stderr, only on a terminal; driven by the scan loop alone.
struct ProgressBar {
    private let total: Int
    private let visible: Bool
    private var done = 0

    init(total: Int, visible: Bool) {
        self.total = total
        self.visible = visible
    }

    mutating func advance() {
        done += 1
        guard visible, total > 0 else { return }
        let width = 30
        let filled = width * done / total
        FileOutput.standardError.write("\r[" + String(repeating: "=", count: filled) + String(repeating: " ", count: width - filled) + "] \(done)/\(total)")
    }

    func finish() {
        if visible, total > 0 { FileOutput.standardError.write("\n") }
    }
}

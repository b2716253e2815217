import ArgumentParser
import Foundation
import RedressEngine
import RedressPlaybook
import RedressSandbox
import RedressWalletPlugin

/// `redress scan`: finds every anomalous order in the wallet and handles each.
struct ScanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Find every anomalous order and handle each with its playbook; print a summary per anomaly type.",
        discussion: "Runs go as far as they can without a person (they park on 2FA codes, reviews and follow-ups).")

    @Option(help: "How many orders to handle at once.")
    var concurrency = 4

    @Option(help: "Handle at most this many orders.")
    var limit: Int?

    @Option(help: "Folder of playbooks (default: $REDRESS_PLAYBOOKS, else Playbooks).")
    var playbooks: String?

    @Option(help: "Output format: human or json.")
    var format: OutputFormat = .human

    @OptionGroup var state: StateOptions
    @OptionGroup var plugins: PluginOptions

    /// An order waiting to be handled.
    struct Pending: Sendable {
        let orderID: String
        let classification: String
        let cause: String
    }

    struct Outcome: Encodable, Sendable {
        let order: String
        let anomaly: String
        let runID: String?
        let status: String
        let escalated: Bool
        let resolution: String?
        let seconds: Double

        enum CodingKeys: String, CodingKey {
            case order, anomaly, status, escalated, resolution, seconds
            case runID = "run_id"
        }
    }

    func run() async throws {
        guard concurrency >= 1, (limit ?? 1) >= 1 else {
            FileOutput.standardError.write("redress: error: --concurrency and --limit must be at least 1\n")
            throw ExitStatus.usage
        }
        let wallet = try state.sandbox()
        let engine = try state.engine(try HandlerRegistry.load(plugins))
        let folder = playbooks ?? ProcessInfo.processInfo.environment["REDRESS_PLAYBOOKS"] ?? "Playbooks"
        // Only what routing needs is kept per order, so a scan of 100,000 orders stays small.
        var work: [Pending] = []
        let active = try ActiveRuns.byOrder(engine)
        for id in try wallet.orderIDs() where active[id] == nil {
            if let snapshot = try await wallet.snapshot(order: id), snapshot.classification != "normal" {
                work.append(Pending(orderID: id, classification: snapshot.classification, cause: snapshot.cause))
            }
            if let limit, work.count >= limit { break }
        }
        let validator = PlaybookValidator(catalog: engine.handlers.catalog)
        var texts: [String: (path: String, text: String)] = [:]
        for snapshot in work where texts["\(snapshot.classification)|\(snapshot.cause)"] == nil {
            do {
                texts["\(snapshot.classification)|\(snapshot.cause)"] = try PlaybookChooser.choose(
                    in: folder, anomaly: snapshot.classification, cause: snapshot.cause, validator: validator)
            } catch let error as PlaybookChooser.Failure {
                FileOutput.standardError.write("redress: error: \(error.message)\n")
                throw ExitStatus.usage
            }
        }
        let chosen = texts
        var progress = ProgressBar(total: work.count, visible: FileOutput.standardError.wantsColor)
        let started = Date()
        var outcomes: [Outcome] = []
        try await withThrowingTaskGroup(of: Outcome.self) { group in
            var next = 0
            func submit(_ snapshot: Pending) {
                guard let playbook = chosen["\(snapshot.classification)|\(snapshot.cause)"] else { return }
                group.addTask {
                    let begin = Date()
                    do {
                        let run = try await engine.drive(
                            try await engine.start(playbookText: playbook.text, path: playbook.path, inputs: ["order_id": .string(snapshot.orderID)]).id)
                        return Outcome(
                            order: snapshot.orderID, anomaly: snapshot.classification, runID: run.id,
                            status: run.endedAs == .completed && !run.status.isFinal ? "resolved" : run.status.rawValue,
                            escalated: run.history.contains { $0.outcome == "escalated" }, resolution: run.resolution,
                            seconds: Date().timeIntervalSince(begin))
                    } catch {
                        return Outcome(
                            order: snapshot.orderID, anomaly: snapshot.classification, runID: nil, status: "error", escalated: false,
                            resolution: "\(error)", seconds: Date().timeIntervalSince(begin))
                    }
                }
            }
            while next < min(concurrency, work.count) {
                submit(work[next])
                next += 1
            }
            while let outcome = try await group.next() {
                outcomes.append(outcome)
                progress.advance()
                if next < work.count {
                    submit(work[next])
                    next += 1
                }
            }
        }
        progress.finish()
        let elapsed = Date().timeIntervalSince(started)
        if format == .json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            FileOutput.standardOutput.write(String(decoding: try encoder.encode(outcomes.sorted { $0.order < $1.order }), as: UTF8.self) + "\n")
        } else {
            FileOutput.standardOutput.write(ScanSummary.table(outcomes, elapsed: elapsed))
        }
        if outcomes.contains(where: { $0.status == "error" || $0.status == "failed" }) { throw ExitStatus.problems }
    }
}

/// The per-anomaly summary `redress scan` prints.
enum ScanSummary {
    static func table(_ outcomes: [ScanCommand.Outcome], elapsed: TimeInterval) -> String {
        var lines = ["ANOMALY              HANDLED  RESOLVED  WAITING  ESCALATED  FAILED  MEDIAN"]
        let groups = Dictionary(grouping: outcomes, by: \.anomaly)
        for anomaly in groups.keys.sorted() {
            let runs = groups[anomaly] ?? []
            let times = runs.map(\.seconds).sorted()
            let median = times.isEmpty ? 0 : times[times.count / 2]
            lines.append(
                [
                    anomaly.padding(toLength: 20, withPad: " ", startingAt: 0), pad(runs.count, 7),
                    pad(runs.count { $0.status == "resolved" || $0.status == "completed" }, 8),
                    pad(runs.count { $0.status == "waiting" }, 7), pad(runs.count { $0.escalated }, 9),
                    pad(runs.count { $0.status == "failed" || $0.status == "error" || $0.status == "needs_reconciliation" }, 6),
                    String(format: "%6.0f ms", median * 1_000),
                ].joined(separator: "  "))
        }
        let rate = elapsed > 0 ? Double(outcomes.count) / elapsed : 0
        lines.append("\(outcomes.count) orders in \(String(format: "%.2f", elapsed)) s (\(String(format: "%.0f", rate)) orders/s)")
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

import ArgumentParser
import Foundation
import RedressEngine
import RedressPlaybook
import RedressSQLiteStore

/// `redress runs`: lists runs, newest first, with filters.
struct RunsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "runs", abstract: "List runs, newest first.")

    @Option(help: "Only runs with this status (pending, running, waiting, completed, escalated, failed, cancelled, needs_reconciliation).")
    var status: String?

    @Option(help: "Only the runs of this order's case.")
    var order: String?

    @Option(help: "Only runs of this playbook (its id, e.g. transaction-failed).")
    var playbook: String?

    @Option(help: "Only runs created this long ago or since (e.g. 2h, 7d).")
    var since: String?

    @Option(help: "At most this many (the listing says how many more match).")
    var limit = 50

    @Option(help: "Output format: human or json.")
    var format: ResultFormat = .human

    @OptionGroup var state: StateOptions

    func run() async throws {
        var filter = RunFilter(order: order, playbook: playbook)
        if let status {
            guard let parsed = RunStatus(rawValue: status) else {
                FileOutput.standardError.write(
                    "redress: error: unknown status '\(status)'; one of: \(RunStatus.allCases.map(\.rawValue).joined(separator: ", "))\n")
                throw ExitStatus.usage
            }
            filter.status = parsed
        }
        if let since {
            guard let span = PlaybookDuration(since) else {
                FileOutput.standardError.write("redress: error: --since '\(since)' is not a duration (e.g. 2h, 7d)\n")
                throw ExitStatus.usage
            }
            filter.since = Date().addingTimeInterval(-span.seconds)
        }
        guard limit >= 1 else {
            FileOutput.standardError.write("redress: error: --limit must be at least 1\n")
            throw ExitStatus.usage
        }
        let found: (runs: [RunSummary], total: Int)
        do {
            // No state yet means no runs: nothing is created to say so.
            found = try await state.existingStore()?.list(filter, limit: limit) ?? ([], 0)
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw ExitCode(EngineErrorPrinter.report(error))
        }
        if format == .json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            encoder.dateEncodingStrategy = .iso8601
            encoder.keyEncodingStrategy = .convertToSnakeCase
            FileOutput.standardOutput.write(String(decoding: try encoder.encode(found.runs), as: UTF8.self) + "\n")
            return
        }
        let rows = found.runs.map { summary in
            [summary.id, summary.orderID ?? "-", summary.playbookID, summary.status.rawValue, summary.createdAt.formatted(.iso8601), summary.resolution ?? ""]
        }
        FileOutput.standardOutput.write(TextTable.render(header: ["RUN", "ORDER", "PLAYBOOK", "STATUS", "CREATED", "RESOLUTION"], rows: rows))
        if found.total > found.runs.count {
            FileOutput.standardOutput.write("\(found.total - found.runs.count) more (--limit \(found.total) lists them all)\n")
        }
    }
}

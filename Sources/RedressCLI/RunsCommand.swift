import ArgumentParser
import Foundation
import RedressEngine

/// `redress runs [--status S]`: lists runs, newest first.
struct RunsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "runs", abstract: "List runs, newest first.")

    @Option(help: "Only runs with this status (pending, running, waiting, completed, escalated, failed, cancelled, needs_reconciliation).")
    var status: String?

    @Option(help: "At most this many.")
    var limit = 50

    @Option(help: "Output format: human or json.")
    var format: OutputFormat = .human

    @OptionGroup var state: StateOptions

    func run() async throws {
        var filter: RunStatus?
        if let status {
            guard let parsed = RunStatus(rawValue: status) else {
                FileOutput.standardError.write(
                    "redress: error: unknown status '\(status)'; one of: \(RunStatus.allCases.map(\.rawValue).joined(separator: ", "))\n")
                throw ExitStatus.usage
            }
            filter = parsed
        }
        let summaries: [RunSummary]
        do {
            // No state yet means no runs: nothing is created to say so.
            summaries = try state.existingStore()?.list(status: filter, limit: limit) ?? []
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw ExitCode(EngineErrorPrinter.report(error))
        }
        if format == .json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            encoder.dateEncodingStrategy = .iso8601
            FileOutput.standardOutput.write(String(decoding: try encoder.encode(summaries), as: UTF8.self) + "\n")
            return
        }
        let rows = summaries.map { summary in
            [summary.id, summary.orderID ?? "-", summary.playbookID, summary.status.rawValue, summary.createdAt.formatted(.iso8601), summary.resolution ?? ""]
        }
        FileOutput.standardOutput.write(TextTable.render(header: ["RUN", "ORDER", "PLAYBOOK", "STATUS", "CREATED", "RESOLUTION"], rows: rows))
    }
}

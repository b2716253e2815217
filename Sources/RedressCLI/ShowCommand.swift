import ArgumentParser
import Foundation
import RedressDiagnostics
import RedressEngine
import RedressPlaybook

/// `redress show RUN_ID`: a run's timeline with its audit entries.
struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a run: its steps and its audit trail.")

    @Argument(help: "The run's id.")
    var runID: String

    @Option(help: "Output format: human or json.")
    var format: ResultFormat = .human

    @OptionGroup var state: StateOptions

    func run() async throws {
        let run: RunState
        let audit: [AuditRecord?]
        do {
            guard let store = try await state.existingStore(), let loaded = try await store.load(runID) else { throw EngineError.notFound(runID) }
            run = loaded
            audit = try await store.auditEntries(for: runID)
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw ExitCode(EngineErrorPrinter.report(error))
        }
        let fault = AuditChain.firstBreak(in: audit, head: run.auditHead)
        if format == .json {
            let chain = fault.map { "broken at entry \($0.position): \($0.reason)" } ?? "intact"
            FileOutput.standardOutput.write(RunPrinter.detailedJSON(run, audit: audit, chain: chain))
            return
        }
        var text = RunPrinter.human(run)
        text += "audit trail (\(audit.count) entries, chain \(fault.map { "BROKEN at entry \($0.position): \($0.reason)" } ?? "intact")):\n"
        for (index, entry) in audit.enumerated() {
            guard let record = entry else {
                text += "  \(index + 1). (unreadable)\n"
                continue
            }
            let data = record.event.data.keys.sorted().map { "\($0)=\(record.event.data[$0]?.displayText ?? "")" }.joined(separator: " ")
            text += "  \(record.sequence). \(record.event.at.formatted(.iso8601)) \(TerminalText.escape(record.event.kind)) by \(TerminalText.escape(record.event.actor)) \(TerminalText.escape(data))\n"
        }
        FileOutput.standardOutput.write(text)
    }
}

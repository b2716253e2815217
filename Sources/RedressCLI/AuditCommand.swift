import ArgumentParser
import Foundation
import RedressEngine
import RedressSQLiteStore

/// `redress audit verify [RUN_ID]`: recomputes audit hash chains.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Work with runs' audit trails.", subcommands: [Verify.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify", abstract: "Recompute the hash chain of one run's audit trail, or of every run's; name the first bad entry.")

        @Argument(help: "The run's id (default: every run).")
        var runID: String?

        @OptionGroup var state: StateOptions

        func run() async throws {
            let store: SQLiteRunStore
            do {
                store = try SQLiteRunStore(directory: state.resolvedDirectory)
            } catch {
                throw ExitCode(EngineErrorPrinter.report(error))
            }
            let ids = try runID.map { [$0] } ?? store.auditedRunIDs()
            var broken = 0
            for id in ids {
                let records = try store.audit(for: id)
                if records.isEmpty, runID != nil {
                    FileOutput.standardError.write("redress: error: no audit trail for run \(id)\n")
                    throw ExitStatus.usage
                }
                if let breakPoint = AuditChain.firstBreak(in: records) {
                    broken += 1
                    FileOutput.standardOutput.write("\(id): BROKEN at entry \(breakPoint.position): \(breakPoint.reason)\n")
                } else {
                    FileOutput.standardOutput.write("\(id): ok (\(records.count) entries)\n")
                }
            }
            if broken > 0 { throw ExitStatus.problems }
        }
    }
}

import ArgumentParser
import Foundation
import RedressEngine
import RedressSQLiteStore

/// `redress audit verify|anchor`: checks runs' audit trails, and exports checkpoints of them.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Work with runs' audit trails.", subcommands: [Verify.self, Anchor.self])

    /// Opens the state database, or exits 2 saying why (also when there is none yet: nothing
    /// is created just to be checked).
    static func store(_ state: StateOptions) async throws -> any RunStore {
        guard let store = try await state.existingStore() else {
            FileOutput.standardError.write("redress: error: no state database in \(state.resolvedDirectory) (no run was ever stored there)\n")
            throw ExitStatus.usage
        }
        return store
    }

    /// Every run's audit head, or exits saying why the store could not be read.
    static func heads(_ store: any RunStore) async throws -> [String: AuditHead] {
        do {
            return try await store.auditHeads()
        } catch {
            throw ExitCode(EngineErrorPrinter.report(error))
        }
    }

    /// Calls `body` with each run's trail as read back (`nil` for an unreadable entry): the
    /// SQLite store reads every trail in one pass; other stores, run by run.
    static func forEachTrail(_ store: any RunStore, runID: String?, _ body: (String, [AuditRecord?]) throws -> Void) async throws {
        if let sqlite = store as? SQLiteRunStore { return try sqlite.forEachAuditTrail(runID: runID, body) }
        let ids: [String]
        if let runID { ids = [runID] } else { ids = try await store.auditHeads().keys.sorted() }
        for id in ids { try body(id, try await store.auditEntries(for: id)) }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Check the hash chain of one run's audit trail, or of every run's, against each run's head (and an anchor); name the first bad entry.",
            discussion: """
                A trail breaks where an entry was changed, deleted, inserted, reordered or cannot be \\
                read, or where it no longer ends at the head its run committed (entries cut from the \\
                end). With --anchor, every run's head recorded by 'redress audit anchor' must still be \\
                in its trail with the same hash, which shows a trail cut short or recomputed by \\
                someone who could also rewrite the run. Prints each broken run and a total line; \\
                exit 0 when every trail holds, 1 when one is broken, 2 for an unknown run or a bad anchor.
                """)

        @Argument(help: "The run's id (default: every run).")
        var runID: String?

        @Option(help: "An anchor file written by 'redress audit anchor' to check the trails against.")
        var anchor: String?

        @Flag(help: "Print a line for every run, not only the broken ones.")
        var verbose = false

        @OptionGroup var state: StateOptions

        func run() async throws {
            let store = try await AuditCommand.store(state)
            let checkpoint = try anchor.map(Self.readAnchor)
            let heads = try await AuditCommand.heads(store)
            if let runID, heads[runID] == nil {
                FileOutput.standardError.write("redress: error: no run \(runID)\n")
                throw ExitStatus.usage
            }
            var seen: Set<String> = []
            var checked = 0
            var broken = 0
            func report(_ id: String, _ entries: [AuditRecord?]) {
                seen.insert(id)
                checked += 1
                let fault = AuditChain.firstBreak(in: entries, head: heads[id]) ?? checkpoint?.firstBreak(runID: id, in: entries)
                if let fault {
                    broken += 1
                    FileOutput.standardOutput.write("\(id): BROKEN at entry \(fault.position): \(fault.reason)\n")
                } else if verbose || runID != nil {
                    FileOutput.standardOutput.write("\(id): ok (\(entries.count) entries)\n")
                }
            }
            do {
                try await AuditCommand.forEachTrail(store, runID: runID, report)
            } catch {
                throw ExitCode(EngineErrorPrinter.report(error))
            }
            // A run whose whole trail was deleted has a head and no entries.
            for id in heads.keys.sorted() where !seen.contains(id) && (runID == nil || id == runID) { report(id, []) }
            for id in checkpoint?.missingRuns(among: Set(heads.keys)) ?? [] where runID == nil {
                broken += 1
                FileOutput.standardOutput.write("\(id): BROKEN: the run was anchored but is no longer in the database\n")
            }
            FileOutput.standardOutput.write(
                "checked \(checked) run\(checked == 1 ? "" : "s")" + (checkpoint.map { " against the anchor of \($0.createdAt.formatted(.iso8601))" } ?? "")
                    + ": \(checked - broken) ok, \(broken) broken\n")
            if broken > 0 { throw ExitStatus.problems }
        }

        static func readAnchor(_ path: String) throws -> AuditAnchor {
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            guard let data = FileManager.default.contents(atPath: path) else {
                FileOutput.standardError.write("redress: error: cannot read the anchor file \(path)\n")
                throw ExitStatus.usage
            }
            guard let anchor = try? decoder.decode(AuditAnchor.self, from: data) else {
                FileOutput.standardError.write("redress: error: \(path) is not an audit anchor written by 'redress audit anchor'\n")
                throw ExitStatus.usage
            }
            guard anchor.isIntact else {
                FileOutput.standardError.write("redress: error: the anchor \(path) was edited: its content no longer matches its digest\n")
                throw ExitStatus.usage
            }
            return anchor
        }
    }

    struct Anchor: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "anchor",
            abstract: "Write a checkpoint of every run's audit-trail head, to keep where the database's writers cannot reach.",
            discussion: """
                Keep the file (or at least the digest it prints) elsewhere: 'redress audit verify \\
                --anchor FILE' then shows any trail cut short or rewritten since, even by someone \\
                who could also rewrite the runs. Writes to standard output unless --output is given.
                """)

        @Option(help: "Write the anchor to this file instead of standard output.")
        var output: String?

        @OptionGroup var state: StateOptions

        func run() async throws {
            let store = try await AuditCommand.store(state)
            let heads = try await AuditCommand.heads(store)
            let anchor = AuditAnchor(heads: heads.mapValues { AuditAnchor.Head(sequence: $0.sequence, hash: $0.hash) }, createdAt: Date())
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            encoder.dateEncodingStrategy = .iso8601
            let data = (try? encoder.encode(anchor)) ?? Data()
            if let output {
                do {
                    try data.write(to: URL(fileURLWithPath: output), options: .atomic)
                } catch {
                    FileOutput.standardError.write("redress: error: cannot write \(output): \(error.localizedDescription)\n")
                    throw ExitStatus.usage
                }
                FileOutput.standardOutput.write("anchored \(heads.count) runs in \(output); digest \(anchor.digest)\n")
            } else {
                FileOutput.standardOutput.write(String(decoding: data, as: UTF8.self) + "\n")
            }
        }
    }
}

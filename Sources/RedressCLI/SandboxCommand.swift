import ArgumentParser
import Foundation
import RedressDiagnostics
import RedressSQLiteStore
import RedressPlaybook
import RedressSandbox
import RedressWalletAPI
import RedressWalletPlugin

/// `redress sandbox ...`: the built-in demo wallet.
struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox", abstract: "Look at and drive the built-in sandbox wallet.",
        subcommands: [Init.self, Reset.self, Orders.self, Show.self, Outbox.self, Ledger.self, TOTP.self, Generate.self, Channel.self, Unlock.self, Proof.self, SandboxServeCommand.self])

    struct Generate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add N anomalous orders (every type and cause in turn) for batch runs.")
        @Argument var count: Int
        @OptionGroup var state: StateOptions
        func run() async throws {
            guard count >= 1, count <= 10_000_000 else {
                FileOutput.standardError.write("redress: error: N must be between 1 and 10000000\n")
                throw ExitStatus.usage
            }
            let ids = try state.sandbox().generate(count)
            FileOutput.standardOutput.write("added \(ids.count) orders (\(ids.first ?? "") … \(ids.last ?? ""))\n")
        }
    }

    struct Unlock: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Clear a user's 2FA lock after too many wrong codes.")
        @Argument var user: String
        @OptionGroup var state: StateOptions
        func run() async throws {
            try state.sandbox().unlockVerification(user: user)
            FileOutput.standardOutput.write("verification unlocked for \(user)\n")
        }
    }

    struct Channel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a payment channel behave: ok, fail (unavailable), slow (3 s per money operation), ambiguous (applies effects, loses the answer), or lost (loses requests).")
        @Argument var name: String
        @Argument var behaviour: String
        @OptionGroup var state: StateOptions
        func run() async throws {
            guard ["ok", "fail", "slow", "ambiguous", "lost"].contains(behaviour) else {
                FileOutput.standardError.write("redress: error: behaviour is ok, fail, slow, ambiguous or lost\n")
                throw ExitStatus.usage
            }
            try state.sandbox().setChannel(name, behaviour: behaviour)
            FileOutput.standardOutput.write("channel \(name): \(behaviour)\n")
        }
    }

    struct Init: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create and seed the sandbox wallet (done automatically on first use).")
        @OptionGroup var state: StateOptions
        func run() async throws {
            let wallet = try state.sandbox()
            FileOutput.standardOutput.write("sandbox wallet ready: \(wallet.path)\n")
        }
    }

    struct Reset: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete the sandbox wallet and seed a fresh one.")
        @OptionGroup var state: StateOptions
        func run() async throws {
            // Opened first, so a file that is not a sandbox is refused instead of deleted.
            let path = try state.sandbox().path
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            let wallet = try state.sandbox()
            FileOutput.standardOutput.write("sandbox wallet reset: \(wallet.path)\n")
            let runs = (state.resolvedDirectory as NSString).appendingPathComponent(SQLiteRunStore.fileName)
            if FileManager.default.fileExists(atPath: runs) {
                FileOutput.standardOutput.write(
                    "the runs in \(runs) were kept: the demo orders' cases still stand ('redress handle ORDER' shows each, and --reopen opens it again); delete that file to start over\n")
            }
        }
    }

    struct Orders: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the orders and how each is classified.")
        @Flag(help: "Only the anomalous ones.") var anomalous = false
        @Option(help: "Output format: human or json.") var format: ResultFormat = .human
        @OptionGroup var state: StateOptions
        func run() async throws {
            let wallet = try state.sandbox()
            let triage = TriageEvaluator(rules: try TriageFile.load(folder: nil))
            var rows: [[String]] = []
            var snapshots: [ClassifiedOrder] = []
            for id in try wallet.orderIDs() {
                guard let order = try await wallet.snapshot(order: id) else { continue }
                let decision = triage.decide(WalletFacts.facts(order))
                guard !anomalous || decision.anomaly != TriageRules.normal else { continue }
                if format == .json {
                    snapshots.append(ClassifiedOrder(snapshot: order, decision: decision))
                    continue
                }
                rows.append([
                    order.orderID, order.userID, "\(SandboxFormat.money(order.amountMinor)) \(order.currency)", order.orderStatus, decision.anomaly,
                    decision.cause,
                ])
            }
            if format == .json { return FileOutput.standardOutput.write(try SandboxFormat.json(snapshots)) }
            FileOutput.standardOutput.write(TextTable.render(header: ["ORDER", "USER", "AMOUNT", "STATUS", "CLASSIFICATION", "CAUSE"], rows: rows))
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one order as wallet.check_status sees it.")
        @Argument var order: String
        @Option(help: "Output format: human or json.") var format: ResultFormat = .human
        @OptionGroup var state: StateOptions
        func run() async throws {
            guard let snapshot = try await state.sandbox().snapshot(order: order) else {
                FileOutput.standardError.write("redress: error: no order \(TerminalText.escape(order))\n")
                throw ExitStatus.usage
            }
            let decision = TriageEvaluator(rules: try TriageFile.load(folder: nil)).decide(WalletFacts.facts(snapshot))
            if format == .json { return FileOutput.standardOutput.write(try SandboxFormat.json(ClassifiedOrder(snapshot: snapshot, decision: decision))) }
            let rows: [[String]] = [
                ["order", snapshot.orderID], ["user", snapshot.userID], ["amount", "\(SandboxFormat.money(snapshot.amountMinor)) \(snapshot.currency)"],
                ["order status", snapshot.orderStatus], ["payment status", snapshot.paymentStatus], ["age", "\(snapshot.ageSeconds / 60) min"],
                ["user notified", snapshot.userNotified ? "yes" : "no"], ["account frozen", snapshot.accountFrozen ? "yes: \(snapshot.freezeReason)" : "no"],
                ["balance", SandboxFormat.money(snapshot.balanceMinor)], ["channel", "\(snapshot.channel) (\(snapshot.channelHealthy ? "up" : "down"))"],
                ["channel says", snapshot.channelStatus], ["failure cause", snapshot.failureCause.isEmpty ? "-" : snapshot.failureCause],
                ["charges", snapshot.charges.map { "\($0.id) \(SandboxFormat.money($0.amountMinor)) \($0.status)" }.joined(separator: ", ")],
                ["refund requested", snapshot.refundRequested ? "yes" : "no"],
                ["classification", decision.anomaly + (decision.cause.isEmpty ? "" : " (\(decision.cause))") + (decision.rule.map { ", rule '\($0)'" } ?? "")],
            ]
            FileOutput.standardOutput.write(TextTable.render(header: ["FIELD", "VALUE"], rows: rows))
        }
    }

    struct Outbox: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Messages sent to users, oldest first.")
        @OptionGroup var state: StateOptions
        func run() async throws {
            for message in try state.sandbox().outbox() {
                let language = message.locale.isEmpty ? "" : " in \(message.locale)"
                let header = TerminalText.escape("\(message.id) to \(message.userID) by \(message.channel)\(language) about \(message.orderID):")
                var body = TerminalText.escapeLines(message.text, indent: "  ") + "\n"
                // The same message in the template's other languages, as the record keeps it.
                for (locale, text) in message.texts.sorted(by: { $0.key < $1.key }) where locale != message.locale {
                    body += TerminalText.escapeLines("(\(locale)) " + text, indent: "    ") + "\n"
                }
                FileOutput.standardOutput.write(header + "\n" + body)
            }
        }
    }

    struct Ledger: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The double-entry ledger of one order (and whether the whole ledger balances).")
        @Argument var order: String
        @OptionGroup var state: StateOptions
        func run() async throws {
            let wallet = try state.sandbox()
            guard try await wallet.snapshot(order: order) != nil else {
                FileOutput.standardError.write("redress: error: no order \(order)\n")
                throw ExitStatus.usage
            }
            let entries = try wallet.ledger(order: order)
            let width = entries.map(\.txn.count).max() ?? 0
            for entry in entries {
                FileOutput.standardOutput.write("\(entry.txn.padding(toLength: width, withPad: " ", startingAt: 0))  \(entry.account.padding(toLength: 14, withPad: " ", startingAt: 0)) \(SandboxFormat.money(entry.amountMinor)) \(entry.memo)\n")
            }
            FileOutput.standardOutput.write("ledger total: \(SandboxFormat.money(try wallet.ledgerTotal())) (0.00 means money is conserved)\n")
        }
    }

    /// The sandbox's stand-in for a user passing 2FA, for fault drills and demos of trusted
    /// external verifiers: the proof is the wallet's own, bound to the user and the order, so the
    /// engine's and the wallet's checks (owner, order, expiry, single use) apply unchanged.
    struct Proof: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Issue an identity proof as if USER had passed 2FA for ORDER (sandbox only; printed as JSON: proof, expires_at).")
        @Argument var user: String
        @Argument var order: String
        @OptionGroup var state: StateOptions
        func run() async throws {
            let wallet = try state.sandbox()
            let expiresAt = Date().addingTimeInterval(SandboxWallet.proofLifetime)
            let proof = try wallet.issueProof(user: user, order: order, expiresAt: expiresAt)
            FileOutput.standardOutput.write(try SandboxFormat.json(["proof": proof, "expires_at": expiresAt.formatted(.iso8601)]))
        }
    }

    struct TOTP: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "totp", abstract: "The user's current authenticator code, as their app would show it.")
        @Argument var user: String
        @OptionGroup var state: StateOptions
        func run() async throws {
            guard let code = try state.sandbox().currentCode(user: user) else {
                FileOutput.standardError.write("redress: error: no user \(user)\n")
                throw ExitStatus.usage
            }
            FileOutput.standardOutput.write(code + "\n")
        }
    }
}

enum SandboxFormat {
    /// Snapshots as snake_case JSON, like every JSON Redress writes.
    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }

    static func money(_ minor: Int64) -> String {
        let sign = minor < 0 ? "-" : ""
        let magnitude = minor.magnitude
        return "\(sign)\(magnitude / 100).\(String(format: "%02d", Int(magnitude % 100)))"
    }
}

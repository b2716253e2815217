import ArgumentParser
import Foundation
import RedressCases
import RedressDiagnostics
import RedressPlaybook
import RedressWalletAPI
import RedressWalletPlugin

/// `redress triage ORDER`: how the triage rules classify an order, rule by rule, and the
/// playbook that would handle it. Reads only.
struct TriageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "triage", abstract: "Explain how an order is classified: each rule tried, the facts it read, the rule that decided, the playbook.")

    @Argument(help: "The order id.")
    var order: String

    @Option(help: "The playbook folder (its triage.yaml; default $REDRESS_PLAYBOOKS, else Playbooks).")
    var playbooks: String?

    @Option(help: "Output format: human or json.")
    var format: ResultFormat = .human

    @OptionGroup var state: StateOptions
    @OptionGroup var plugins: PluginOptions

    /// What `--format json` prints.
    struct Explanation: Encodable {
        let order: String
        let anomaly: String
        let cause: String
        let rule: String?
        let causeDeclared: Bool
        let playbook: String?
        let problem: String?
        let rules: [Rule]

        struct Rule: Encodable {
            let name: String
            let when: String
            let matched: Bool
            let reads: [String]
            let problem: String?
        }
    }

    func run() async throws {
        let settings = try plugins.configuration()
        let folder = try StateOptions.playbookFolder(playbooks, configured: settings.playbookFolder)
        let triage = try TriageFile.load(folder: folder)
        guard let snapshot = try await state.wallet(settings).snapshot(order: order) else {
            FileOutput.standardError.write("redress: error: no order \(TerminalText.escape(order)) in the wallet\n")
            throw ExitStatus.usage
        }
        let (decision, trials) = TriageEvaluator(rules: triage).explain(WalletFacts.facts(snapshot))
        var playbook: String?
        var problem: String?
        if decision.anomaly != TriageRules.normal {
            let validator = PlaybookValidator(catalog: try HandlerRegistry.load(plugins).catalog(triage: triage), triage: triage)
            do {
                playbook = try PlaybookChooser.choose(in: folder, anomaly: decision.anomaly, cause: decision.cause, validator: validator).path
            } catch let failure as PlaybookChooser.Failure {
                problem = failure.message
            }
        }
        let explanation = Explanation(
            order: order, anomaly: decision.anomaly, cause: decision.cause, rule: decision.rule, causeDeclared: decision.causeIsDeclared,
            playbook: playbook, problem: problem,
            rules: trials.map { .init(name: $0.rule, when: $0.condition, matched: $0.matched, reads: $0.reads, problem: $0.problem) })
        if format == .json { return FileOutput.standardOutput.write(RunPrinter.encode(explanation)) }
        var text = "\(order): \(snapshot.userID), \(SandboxFormat.money(snapshot.amountMinor)) \(snapshot.currency), \(snapshot.orderStatus)"
        text += " · rules from \(triage.path)\n"
        for trial in trials {
            text += "  \(trial.matched ? "✓" : "✗") \(trial.rule): \(trial.condition)\n"
            if !trial.reads.isEmpty { text += "      " + trial.reads.joined(separator: ", ") + "\n" }
            if let problem = trial.problem { text += "      could not be evaluated: \(problem)\n" }
        }
        if let rule = decision.rule {
            text += "→ \(decision.anomaly) (\(decision.cause)) by rule '\(rule)'"
            if !decision.causeIsDeclared { text += "; the cause '\(decision.cause)' is not one '\(decision.anomaly)' declares" }
            text += "\n"
            text += playbook.map { "  playbook: \($0)\n" } ?? "  no playbook: \(problem ?? "none handles it")\n"
        } else {
            text += "→ normal: no rule matched; nothing to do\n"
        }
        FileOutput.standardOutput.write(TerminalText.escapeLines(text, indent: ""))
    }
}

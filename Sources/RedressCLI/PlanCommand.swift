import ArgumentParser
import Foundation
import RedressPlaybook

/// `redress plan PLAYBOOK`: every distinct path through a playbook, with its conditions and
/// warnings, without running anything.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "List every path through a playbook, from its handlers' declared outcomes.",
        discussion: """
            Loops are followed at most twice. Each path shows its steps and outcomes, the 'when' \
            conditions it needs, how the run ends, and flags: no-user-contact (nobody tells the \
            user anything), no-resolution (the run ends without flow.finish/flow.fail saying what \
            was done), moves-money. Paths that end in an unrouted handler error or timeout are \
            counted; --all lists them too.
            """)

    @Argument(help: "The playbook file.")
    var playbook: String

    @Flag(help: "Also list paths that end in an unrouted handler error or timeout.")
    var all = false

    @Option(help: "Output format: human or json.")
    var format: ResultFormat = .human

    @OptionGroup var plugins: PluginOptions

    func run() throws {
        let (model, catalog) = try PlaybookLoading.validPlaybook(playbook, plugins: plugins)
        let (paths, truncated) = PathPlanner(playbook: model, catalog: catalog).paths()
        let shown = all ? paths : paths.filter { !$0.endsInHandlerFailure }
        let hidden = paths.count - shown.count
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            let report = PlanJSON(playbook: model.id.value, truncated: truncated, handlerFailurePaths: hidden, paths: shown.map(PlanJSON.Path.init))
            FileOutput.standardOutput.write(String(decoding: try encoder.encode(report), as: UTF8.self) + "\n")
        case .human:
            FileOutput.standardOutput.write(Self.text(model, shown, hidden: hidden, truncated: truncated))
        }
    }

    static func text(_ playbook: Playbook, _ paths: [PlaybookPath], hidden: Int, truncated: Bool) -> String {
        var text = "\(playbook.id.value): \(paths.count) path\(paths.count == 1 ? "" : "s")"
        if hidden > 0 { text += " (+ \(hidden) ending in an unrouted handler error or timeout; --all lists them)" }
        if truncated { text += " (list cut short)" }
        text += "\n"
        for (number, path) in paths.enumerated() {
            let start = path.start == .slaBreach ? "on SLA breach: " : ""
            text += "\n\(number + 1). \(start)" + path.visits.map(\.description).joined(separator: " → ") + "\n"
            var summary = [path.endsFailed ? "ends failed" : "ends completed"]
            summary.append(path.resolution.map { "resolution \"\($0)\"" } ?? "no resolution")
            summary.append(path.contactsUser ? "contacts the user" : "no user contact")
            if !path.movesMoney.isEmpty { summary.append("moves money at " + path.movesMoney.joined(separator: ", ")) }
            text += "   " + summary.joined(separator: " · ") + "\n"
            for condition in path.conditions { text += "   when \(condition)\n" }
            if !path.flags.isEmpty { text += "   ⚠ " + path.flags.joined(separator: ", ") + "\n" }
        }
        let finallySteps = playbook.finally.map(\.id.value)
        if !finallySteps.isEmpty { text += "\nevery path then runs finally: " + finallySteps.joined(separator: " → ") + "\n" }
        return text
    }
}

/// `redress plan --format json`.
struct PlanJSON: Encodable {
    let playbook: String
    let truncated: Bool
    let handlerFailurePaths: Int
    let paths: [Path]

    enum CodingKeys: String, CodingKey {
        case playbook, truncated, paths
        case handlerFailurePaths = "handler_failure_paths"
    }

    struct Path: Encodable {
        let start: String
        let steps: [[String: String]]
        let conditions: [String]
        let ends: String
        let resolution: String?
        let contactsUser: Bool
        let movesMoney: [String]
        let flags: [String]

        enum CodingKeys: String, CodingKey {
            case start, steps, conditions, ends, resolution, flags
            case contactsUser = "contacts_user", movesMoney = "moves_money"
        }

        init(_ path: PlaybookPath) {
            start = path.start.rawValue
            steps = path.visits.map { ["step": $0.step, "handler": $0.handler, "outcome": $0.outcome] }
            conditions = path.conditions
            ends = path.endsFailed ? "failed" : "completed"
            resolution = path.resolution
            contactsUser = path.contactsUser
            movesMoney = path.movesMoney
            flags = path.flags
        }
    }
}

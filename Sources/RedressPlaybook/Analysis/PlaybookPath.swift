/// One way through a playbook's main steps, from its start (or an SLA breach) to the run's end.
package struct PlaybookPath: Sendable, Hashable {
    /// One step on the path and the outcome that leaves it.
    package struct Visit: Sendable, Hashable, CustomStringConvertible {
        /// The step id.
        package var step: String
        /// The handler.
        package var handler: String
        /// The outcome taken, or the outcomes that all go the same way, joined by `separator`
        /// (`sent | undeliverable`).
        package var outcome: String

        /// `step: outcome`.
        package var description: String { "\(step): \(outcome)" }

        /// Between outcomes that go the same way.
        package static let separator = " | "

        /// The outcomes this visit stands for.
        package var outcomes: [String] { outcome.components(separatedBy: Self.separator) }

        /// Whether a run that left `step` with `actual` took this visit.
        package func matches(step actualStep: String, outcome actual: String) -> Bool { actualStep == step && outcomes.contains(actual) }
    }

    /// Where the path begins.
    package enum Start: String, Sendable, Hashable {
        /// The first step.
        case start
        /// The SLA breach target (the engine jumps there when a deadline passes).
        case slaBreach = "sla_breach"
    }

    /// Where it begins.
    package var start: Start
    /// The steps and outcomes, in order (skipped steps included, as `skipped`).
    package var visits: [Visit]
    /// The `when` conditions this path needs (`x` held, or `not (x)` for a skipped step).
    package var conditions: [String]
    /// Whether the run ends `failed` (else `completed`).
    package var endsFailed: Bool
    /// The resolution a `flow.finish`/`flow.fail` step ends with, as written; `nil` when the
    /// run ends without one (the engine then says which step it ended after).
    package var resolution: String?
    /// Whether a step that tells the user something succeeded on the path.
    package var contactsUser: Bool
    /// The steps that move money or release funds on the path.
    package var movesMoney: [String]
    /// Whether the path ends in an `error` or `timeout` nobody routed (a handler failure).
    package var endsInHandlerFailure: Bool

    /// Warnings about the path, for people: no contact with the user, no resolution, money.
    package var flags: [String] {
        var flags: [String] = []
        if !contactsUser { flags.append("no-user-contact") }
        if resolution == nil { flags.append("no-resolution") }
        if !movesMoney.isEmpty { flags.append("moves-money") }
        return flags
    }
}

/// One way a step can end, as its handler declares it.
///
/// Success outcomes go on to the next step unless routed; the others fail the run unless
/// routed. Every handler can also end in `error` or `timeout`, which are never declared.
public struct OutcomeSpec: Sendable, Hashable {
    /// The outcome's name (`verified`, `expired`).
    public var name: String
    /// Whether the run may go on as planned after it.
    public var isSuccess: Bool
    /// What it means.
    public var summary: String

    /// A success outcome.
    public static func success(_ name: String, _ summary: String = "") -> OutcomeSpec {
        OutcomeSpec(name: name, isSuccess: true, summary: summary)
    }

    /// A non-success outcome (fails the run unless the playbook routes it).
    public static func failure(_ name: String, _ summary: String = "") -> OutcomeSpec {
        OutcomeSpec(name: name, isSuccess: false, summary: summary)
    }

    /// The outcome of a step whose handler failed (after its retries), or was refused a call.
    public static let error = OutcomeSpec.failure("error", "the handler failed (after its retries)")
    /// The outcome of a step whose handler did not finish within its timeout.
    public static let timeout = OutcomeSpec.failure("timeout", "the handler did not finish within the step's timeout")
    /// The outcomes every handler can end in without declaring them.
    public static let implicit: [OutcomeSpec] = [error, timeout]

    /// The outcome of a step whose `when` was false.
    public static let skipped = OutcomeSpec.success("skipped", "the step's `when` was false")

    /// The outcome recorded for a step that was waiting when the run's SLA breached (the run
    /// went on at `sla.on_breach`).
    public static let interrupted = OutcomeSpec.failure("interrupted", "the step was waiting when the SLA breached")
}

import RedressPlaybook
import RedressPluginAPI

/// The core handlers every playbook can use: ending the run, waiting, signals, values, logs
/// and assertions. Registered in a plain list; `HandlerSet` checks it once for duplicates.
package enum FlowPlugin {
    /// Every flow handler, in registration order.
    package static let handlers: [any StepHandler] = [
        FinishHandler(), FailHandler(), WaitHandler(), AwaitHandler(), SetHandler(), LogHandler(), AssertHandler(),
    ]

    /// Every flow handler's descriptor.
    package static var descriptors: [HandlerDescriptor] { handlers.map(\.descriptor) }

    static let finish = HandlerDescriptor(
        name: "flow.finish", summary: "Ends the run as completed, with a resolution people can read.",
        parameters: [ParameterSpec("resolution", .string, required: true, maximum: 500, "what the run achieved, in one sentence")],
        outputs: [FieldSpec("resolution", .string, "becomes the run's resolution")],
        outcomes: [.success("finished", "the run ends as completed")],
        policy: HandlerPolicy(endsRun: true, isInstant: true))

    static let fail = HandlerDescriptor(
        name: "flow.fail", summary: "Ends the run as failed, saying why.",
        parameters: [ParameterSpec("reason", .string, required: true, maximum: 500, "why the run could not resolve the order")],
        outputs: [FieldSpec("resolution", .string, "becomes the run's resolution")],
        outcomes: [.failure("failed", "the run ends as failed")],
        policy: HandlerPolicy(endsRun: true, isInstant: true))

    static let wait = HandlerDescriptor(
        name: "flow.wait", summary: "Parks the run until a time has passed (a timer that survives restarts).",
        parameters: [ParameterSpec("duration", .duration, required: true, "how long to wait")],
        outputs: [FieldSpec("resumed_at", .timestamp, "when the timer fired")],
        outcomes: [.success("elapsed", "the time has passed")],
        policy: HandlerPolicy(isInstant: true))

    static let awaitSignal = HandlerDescriptor(
        name: "flow.await", summary: "Parks the run until a named signal arrives, or its deadline passes.",
        parameters: [
            ParameterSpec("signal", .string, required: true, pattern: "[a-z][a-z0-9_]*", "the signal's name (`redress resume RUN --signal name=value`)"),
            ParameterSpec("deadline", .duration, required: true, "how long to wait before ending in `expired`"),
        ],
        outputs: [
            FieldSpec("value", .string, "the signal's value"),
            FieldSpec("sender", .string, "who sent it"),
            FieldSpec("received_at", .timestamp, "when it arrived"),
        ],
        outcomes: [.success("received", "the signal arrived"), .failure("expired", "the deadline passed first")],
        policy: HandlerPolicy(waitsForPerson: true, isInstant: true))

    static let set = HandlerDescriptor(
        name: "flow.set", summary: "Records values for later steps (`steps.<id>.output.<name>`).",
        parameters: [ParameterSpec("values", .object([]), required: true, "names and values to record")],
        outputs: [],
        outcomes: [.success("set")],
        policy: HandlerPolicy(isInstant: true))

    static let log = HandlerDescriptor(
        name: "flow.log", summary: "Writes a line to the run's log and audit trail.",
        parameters: [
            ParameterSpec("message", .string, required: true, maximum: 2_000, "the line to write"),
            ParameterSpec("level", .enumeration(["info", "warning", "error"]), default: .string("info"), "how important it is"),
        ],
        outcomes: [.success("logged")],
        policy: HandlerPolicy(isInstant: true))

    static let assert = HandlerDescriptor(
        name: "flow.assert", summary: "Checks a condition; ends in `failed` when it does not hold.",
        parameters: [
            ParameterSpec("condition", .boolean, required: true, "what must be true"),
            ParameterSpec("message", .string, default: .string("assertion failed"), "what to say when it is not"),
        ],
        outcomes: [.success("passed"), .failure("failed", "the condition was false")],
        policy: HandlerPolicy(isInstant: true))
}

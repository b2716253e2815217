import RedressDiagnostics

/// A `*.test.yaml` file: cases that run one playbook with mocked handlers on a virtual clock
/// and say what must happen.
public struct PlaybookTestFile: Sendable {
    /// The test file's path.
    public var path: String
    /// The playbook under test, as written (relative to the test file's folder).
    public var playbook: Located<String>
    /// Mocks shared by every case (a case's own mocks for the same key replace them).
    public var mocks: [String: MockScript]
    /// The cases, in written order.
    public var cases: [PlaybookTestCase]

    /// Creates a test file.
    public init(path: String, playbook: Located<String>, mocks: [String: MockScript], cases: [PlaybookTestCase]) {
        self.path = path
        self.playbook = playbook
        self.mocks = mocks
        self.cases = cases
    }
}

/// One case: inputs, mocks, signals, and what must happen.
public struct PlaybookTestCase: Sendable {
    /// What the case shows, in a sentence.
    public var name: Located<String>
    /// The run's inputs.
    public var inputs: [String: Value]
    /// Mocked results by step id or handler name (a step id wins).
    public var mocks: [String: MockScript]
    /// Signals and when they arrive, in time order.
    public var signals: [ScheduledSignal]
    /// How far the virtual clock may go (default: until the run ends or nothing is due).
    public var until: PlaybookDuration?
    /// What must happen.
    public var expect: PlaybookTestExpectation

    /// Creates a case.
    public init(
        name: Located<String>, inputs: [String: Value], mocks: [String: MockScript], signals: [ScheduledSignal], until: PlaybookDuration?,
        expect: PlaybookTestExpectation
    ) {
        self.name = name
        self.inputs = inputs
        self.mocks = mocks
        self.signals = signals
        self.until = until
        self.expect = expect
    }
}

/// What a mocked handler answers, call by call; the last answer repeats.
public struct MockScript: Sendable {
    /// The key as written (a step id or a handler name), for diagnostics.
    public var key: Located<String>
    /// The answers, one per call.
    public var answers: [MockAnswer]

    /// Creates a script.
    public init(key: Located<String>, answers: [MockAnswer]) {
        self.key = key
        self.answers = answers
    }
}

/// One mocked call's result.
public enum MockAnswer: Sendable, Hashable {
    /// The handler ends in this outcome with this output.
    case outcome(Located<String>, output: [String: Value])
    /// The handler throws an error of this class (`retryable`, `fatal`, `ambiguous`).
    case error(kind: String, message: String)
    /// The handler parks the run for `signal` (a timer when `nil`) until `deadline` from the
    /// call, ending in `deadlineOutcome` if nothing arrives.
    case wait(signal: String?, deadline: PlaybookDuration, deadlineOutcome: Located<String>)
}

/// A signal a case delivers at a virtual time.
public struct ScheduledSignal: Sendable, Hashable {
    /// Time after the run started.
    public var after: PlaybookDuration
    /// The signal's name (`otp`, `decision`).
    public var name: String
    /// Its value.
    public var value: String
    /// Who sends it.
    public var sender: String

    /// Creates a scheduled signal.
    public init(after: PlaybookDuration, name: String, value: String, sender: String) {
        self.after = after
        self.name = name
        self.value = value
        self.sender = sender
    }
}

/// What a case asserts; a `nil` part is not checked.
public struct PlaybookTestExpectation: Sendable {
    /// The steps taken, in order (skipped steps left out), each optionally with its outcome.
    public var path: [PathStep]?
    /// The final status (`completed`, `failed`, `waiting`, `needs_reconciliation`, ...).
    public var status: Located<String>?
    /// The final resolution, exactly.
    public var resolution: String?
    /// Each message sent to the user (calls of handlers that contact the user), in order: text
    /// each must contain.
    public var messages: [String]?
    /// Each effect requested (one per side-effecting step visit, retries included), in order.
    public var effects: [EffectExpectation]?

    /// Creates an expectation.
    public init(path: [PathStep]?, status: Located<String>?, resolution: String?, messages: [String]?, effects: [EffectExpectation]?) {
        self.path = path
        self.status = status
        self.resolution = resolution
        self.messages = messages
        self.effects = effects
    }

    /// One step of an expected path: `check` or `check: found`.
    public struct PathStep: Sendable, Hashable, CustomStringConvertible {
        /// The step id.
        public var step: Located<String>
        /// Its outcome, if asserted.
        public var outcome: String?

        /// Creates a path step.
        public init(step: Located<String>, outcome: String?) {
            self.step = step
            self.outcome = outcome
        }

        /// `step: outcome` or `step`.
        public var description: String { outcome.map { "\(step.value): \($0)" } ?? step.value }
    }
}

/// An effect a case expects: the handler, and parameter values it must have been given.
public struct EffectExpectation: Sendable, Hashable, CustomStringConvertible {
    /// The handler.
    public var handler: Located<String>
    /// Parameters that must have these values (as text).
    public var with: [String: String]

    /// Creates an effect expectation.
    public init(handler: Located<String>, with: [String: String]) {
        self.handler = handler
        self.with = with
    }

    /// `handler` or `handler(name=value, ...)`.
    public var description: String {
        with.isEmpty ? handler.value : handler.value + "(" + with.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ") + ")"
    }
}

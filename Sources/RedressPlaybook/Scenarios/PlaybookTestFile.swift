import RedressDiagnostics

/// A `*.test.yaml` file: cases that run one playbook with mocked handlers on a virtual clock
/// and say what must happen.
package struct PlaybookTestFile: Sendable {
    /// The test file's path.
    package var path: String
    /// The playbook under test, as written (relative to the test file's folder).
    package var playbook: Located<String>
    /// Mocks shared by every case (a case's own mocks for the same key replace them).
    package var mocks: [String: MockScript]
    /// The cases, in written order.
    package var cases: [PlaybookTestCase]

    /// Creates a test file.
    package init(path: String, playbook: Located<String>, mocks: [String: MockScript], cases: [PlaybookTestCase]) {
        self.path = path
        self.playbook = playbook
        self.mocks = mocks
        self.cases = cases
    }
}

/// One case: inputs, mocks, signals, and what must happen.
package struct PlaybookTestCase: Sendable {
    /// What the case shows, in a sentence.
    package var name: Located<String>
    /// The run's inputs.
    package var inputs: [String: Value]
    /// Mocked results by step id or handler name (a step id wins).
    package var mocks: [String: MockScript]
    /// Signals and when they arrive, in time order.
    package var signals: [ScheduledSignal]
    /// How far the virtual clock may go (default: until the run ends or nothing is due).
    package var until: PlaybookDuration?
    /// What must happen.
    package var expect: PlaybookTestExpectation

    /// Creates a case.
    package init(
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
package struct MockScript: Sendable {
    /// The key as written (a step id or a handler name), for diagnostics.
    package var key: Located<String>
    /// The answers, one per call.
    package var answers: [MockAnswer]

    /// Creates a script.
    package init(key: Located<String>, answers: [MockAnswer]) {
        self.key = key
        self.answers = answers
    }
}

/// One mocked call's result.
package enum MockAnswer: Sendable, Hashable {
    /// The handler ends in this outcome with this output.
    case outcome(Located<String>, output: [String: Value])
    /// The handler throws an error of this class (`retryable`, `fatal`, `ambiguous`).
    case error(kind: String, message: String)
    /// The handler parks the run for `signal` (a timer when `nil`) until `deadline` from the
    /// call, ending in `deadlineOutcome` if nothing arrives.
    case wait(signal: String?, deadline: PlaybookDuration, deadlineOutcome: Located<String>)
}

/// A signal a case delivers at a virtual time.
package struct ScheduledSignal: Sendable, Hashable {
    /// Time after the run started.
    package var after: PlaybookDuration
    /// The signal's name (`otp`, `decision`).
    package var name: String
    /// Its value.
    package var value: String
    /// Who sends it.
    package var sender: String

    /// Creates a scheduled signal.
    package init(after: PlaybookDuration, name: String, value: String, sender: String) {
        self.after = after
        self.name = name
        self.value = value
        self.sender = sender
    }
}

/// What a case asserts; a `nil` part is not checked.
package struct PlaybookTestExpectation: Sendable {
    /// The steps taken, in order (skipped steps left out), each optionally with its outcome.
    package var path: [PathStep]?
    /// The final status (`completed`, `failed`, `waiting`, `needs_reconciliation`, ...).
    package var status: Located<String>?
    /// The final resolution, exactly.
    package var resolution: String?
    /// Each message sent to the user (calls of handlers that contact the user), in order: text
    /// each must contain.
    package var messages: [String]?
    /// Each effect requested (one per side-effecting step visit, retries included), in order.
    package var effects: [EffectExpectation]?

    /// Creates an expectation.
    package init(path: [PathStep]?, status: Located<String>?, resolution: String?, messages: [String]?, effects: [EffectExpectation]?) {
        self.path = path
        self.status = status
        self.resolution = resolution
        self.messages = messages
        self.effects = effects
    }

    /// One step of an expected path: `check` or `check: found`.
    package struct PathStep: Sendable, Hashable, CustomStringConvertible {
        /// The step id.
        package var step: Located<String>
        /// Its outcome, if asserted.
        package var outcome: String?

        /// Creates a path step.
        package init(step: Located<String>, outcome: String?) {
            self.step = step
            self.outcome = outcome
        }

        /// `step: outcome` or `step`.
        package var description: String { outcome.map { "\(step.value): \($0)" } ?? step.value }
    }
}

/// An effect a case expects: the handler, and parameter values it must have been given.
package struct EffectExpectation: Sendable, Hashable, CustomStringConvertible {
    /// The handler.
    package var handler: Located<String>
    /// Parameters that must have these values (as text).
    package var with: [String: String]

    /// Creates an effect expectation.
    package init(handler: Located<String>, with: [String: String]) {
        self.handler = handler
        self.with = with
    }

    /// `handler` or `handler(name=value, ...)`.
    package var description: String {
        with.isEmpty ? handler.value : handler.value + "(" + with.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ") + ")"
    }
}

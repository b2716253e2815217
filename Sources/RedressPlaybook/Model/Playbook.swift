import RedressDiagnostics

/// A parsed playbook: the typed form of one YAML file, every part with its source mark.
package struct Playbook: Sendable, Hashable {
    /// The playbook's id (`transaction-failed`).
    package var id: Located<String>
    /// Its version number.
    package var version: Int
    /// A one-line title.
    package var title: String
    /// What it does, for people.
    package var summary: String
    /// Which anomalies it handles.
    package var anomaly: AnomalySpec
    /// What a run takes.
    package var inputs: [InputSpec]
    /// Response and resolution deadlines.
    package var sla: SLAPolicy?
    /// Step defaults.
    package var defaults: StepDefaults
    /// The main steps, in order.
    package var steps: [Step]
    /// Steps that run whenever the run ends.
    package var finally: [Step]
    /// The file it was read from.
    package var path: String
    /// The words it says to users: message templates and word tables.
    package var messages = MessageCatalog()

    /// Creates a playbook.
    package init(
        id: Located<String>, version: Int, title: String, summary: String, anomaly: AnomalySpec, inputs: [InputSpec], sla: SLAPolicy?,
        defaults: StepDefaults, steps: [Step], finally: [Step], path: String
    ) {
        self.id = id
        self.version = version
        self.title = title
        self.summary = summary
        self.anomaly = anomaly
        self.inputs = inputs
        self.sla = sla
        self.defaults = defaults
        self.steps = steps
        self.finally = finally
        self.path = path
    }

    /// Every step, main ones first.
    package var allSteps: [Step] { steps + finally }

    /// The step with id `id`.
    package func step(_ id: String) -> Step? { allSteps.first { $0.id.value == id } }

    /// The input named `name`.
    package func input(_ name: String) -> InputSpec? { inputs.first { $0.name.value == name } }
}

/// Which anomalies a playbook handles.
package struct AnomalySpec: Sendable, Hashable {
    /// The anomaly types (`transaction_failed`, ... or an ops-defined name).
    package var types: [Located<String>]
    /// Narrows the types (e.g. to one failure cause); reads `anomaly.*`.
    package var match: Condition?

    /// The four built-in anomaly types.
    package static let builtInTypes = ["transaction_failed", "funds_frozen", "system_timeout", "status_mismatch"]

    /// Creates an anomaly spec.
    package init(types: [Located<String>], match: Condition?) {
        self.types = types
        self.match = match
    }
}

/// Response and resolution deadlines, and where a breach goes.
package struct SLAPolicy: Sendable, Hashable {
    /// First contact with the user must happen within this.
    package var respondWithin: Located<PlaybookDuration>?
    /// The run must end within this.
    package var resolveWithin: Located<PlaybookDuration>?
    /// The step a breach routes to.
    package var onBreach: Located<String>?

    /// Creates an SLA.
    package init(respondWithin: Located<PlaybookDuration>?, resolveWithin: Located<PlaybookDuration>?, onBreach: Located<String>?) {
        self.respondWithin = respondWithin
        self.resolveWithin = resolveWithin
        self.onBreach = onBreach
    }
}

/// Defaults for every step.
package struct StepDefaults: Sendable, Hashable {
    /// Timeout for steps that set none.
    package var timeout: Located<PlaybookDuration>?
    /// Retry policy for steps that set none.
    package var retry: RetryPolicy?
    /// Whether a `timeout:` was written, even one that did not read (already reported): no step
    /// is then also reported for lacking one.
    package var timeoutWritten = false

    /// Creates defaults.
    package init(timeout: Located<PlaybookDuration>? = nil, retry: RetryPolicy? = nil) {
        self.timeout = timeout
        self.retry = retry
    }
}

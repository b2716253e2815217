import RedressDiagnostics

/// A parsed playbook: the typed form of one YAML file, every part with its source mark.
public struct Playbook: Sendable, Hashable {
    /// The playbook's id (`transaction-failed`).
    public var id: Located<String>
    /// Its version number.
    public var version: Int
    /// A one-line title.
    public var title: String
    /// What it does, for people.
    public var summary: String
    /// Which anomalies it handles.
    public var anomaly: AnomalySpec
    /// What a run takes.
    public var inputs: [InputSpec]
    /// Response and resolution deadlines.
    public var sla: SLAPolicy?
    /// Step defaults.
    public var defaults: StepDefaults
    /// The main steps, in order.
    public var steps: [Step]
    /// Steps that run whenever the run ends.
    public var finally: [Step]
    /// The file it was read from.
    public var path: String

    /// Creates a playbook.
    public init(
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
    public var allSteps: [Step] { steps + finally }

    /// The step with id `id`.
    public func step(_ id: String) -> Step? { allSteps.first { $0.id.value == id } }

    /// The input named `name`.
    public func input(_ name: String) -> InputSpec? { inputs.first { $0.name.value == name } }
}

/// Which anomalies a playbook handles.
public struct AnomalySpec: Sendable, Hashable {
    /// The anomaly types (`transaction_failed`, ... or an ops-defined name).
    public var types: [Located<String>]
    /// Narrows the types (e.g. to one failure cause); reads `anomaly.*`.
    public var match: Condition?

    /// The four built-in anomaly types.
    public static let builtInTypes = ["transaction_failed", "funds_frozen", "system_timeout", "status_mismatch"]

    /// Creates an anomaly spec.
    public init(types: [Located<String>], match: Condition?) {
        self.types = types
        self.match = match
    }
}

/// Response and resolution deadlines, and where a breach goes.
public struct SLAPolicy: Sendable, Hashable {
    /// First contact with the user must happen within this.
    public var respondWithin: Located<PlaybookDuration>?
    /// The run must end within this.
    public var resolveWithin: Located<PlaybookDuration>?
    /// The step a breach routes to.
    public var onBreach: Located<String>?

    /// Creates an SLA.
    public init(respondWithin: Located<PlaybookDuration>?, resolveWithin: Located<PlaybookDuration>?, onBreach: Located<String>?) {
        self.respondWithin = respondWithin
        self.resolveWithin = resolveWithin
        self.onBreach = onBreach
    }
}

/// Defaults for every step.
public struct StepDefaults: Sendable, Hashable {
    /// Timeout for steps that set none.
    public var timeout: Located<PlaybookDuration>?
    /// Retry policy for steps that set none.
    public var retry: RetryPolicy?

    /// Creates defaults.
    public init(timeout: Located<PlaybookDuration>? = nil, retry: RetryPolicy? = nil) {
        self.timeout = timeout
        self.retry = retry
    }
}

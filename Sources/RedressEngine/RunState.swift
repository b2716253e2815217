import Foundation
import RedressPlaybook
import RedressPluginAPI

/// Everything the engine knows about one run, stored after every step. A run's behaviour
/// depends only on this (and the playbook text it carries), so any process can continue it.
public struct RunState: Sendable, Codable, Hashable {
    /// Which list of steps the run is in.
    public enum Phase: String, Sendable, Codable, Hashable {
        case main
        case finally
    }

    /// The run's id.
    public var id: String
    /// The playbook's id.
    public var playbookID: String
    /// SHA-256 of the playbook text the run is pinned to.
    public var playbookHash: String
    /// The exact playbook text the run started with; edits to the file never reach it.
    public var playbookText: String
    /// Where the playbook was read from (for messages only).
    public var playbookPath: String
    /// The inputs, checked and with defaults applied.
    public var inputs: [String: Value]
    /// The status.
    public var status: RunStatus
    /// What the run ended with, for people.
    public var resolution: String?
    /// When it was created.
    public var createdAt: Date
    /// When it last changed.
    public var updatedAt: Date
    /// Main steps or `finally`.
    public var phase: Phase = .main
    /// Index of the current step in its phase's list.
    public var cursor = 0
    /// How the main phase ended (`completed` or `failed`), once it has.
    public var endedAs: RunStatus?
    /// Per step: its latest outcome, output and counters.
    public var steps: [String: StepState] = [:]
    /// The step being executed, if one is in flight or parked.
    public var current: CurrentStep?
    /// Whether the user's identity was verified in this run.
    public var identityVerified = false
    /// SLA deadlines and what happened to them.
    public var sla = SLAState()
    /// Every finished step, in order.
    public var history: [StepRecord] = []
    /// When a parked run must be looked at again (a wait's deadline, a retry, an SLA deadline).
    public var wakeAt: Date?
    /// The case the run belongs to (the order it is about), when it was opened as one: a case
    /// has at most one run that has not ended.
    public var caseKey: String?
    /// The anomaly type its case was opened for (`transaction_failed`, …), when it was.
    public var anomaly: String?
    /// Which run of its case this is (1 for the first; a reopened case counts on). Part of the
    /// idempotency keys of messages, so a reopened case may tell the user again; never part of
    /// money keys.
    public var caseSequence = 0
    /// The step whose outcome handed the case to a person; the run then ends `escalated`.
    public var escalatedAt: String?
    /// Who has taken part: the actor who opened the case, then each sender of an accepted signal
    /// (once each, in order). Handlers see it as `StepContext.participants` (four-eyes).
    public var participants: [String] = []
    /// The identity proofs verifiers issued in this run (digests and subjects, never the proofs).
    public var proofs: [ProofRecord] = []
    /// The last record of the run's audit trail. Only the lease holder appends to a run's trail,
    /// so it can chain new records without asking the store.
    public var auditHead: AuditHead?

    /// Creates a pending run.
    public init(
        id: String, playbookID: String, playbookHash: String, playbookText: String, playbookPath: String, inputs: [String: Value],
        createdAt: Date
    ) {
        self.id = id
        self.playbookID = playbookID
        self.playbookHash = playbookHash
        self.playbookText = playbookText
        self.playbookPath = playbookPath
        self.inputs = inputs
        self.status = .pending
        self.createdAt = createdAt
        self.updatedAt = createdAt
    }
}

/// The sequence number and hash of a run's latest audit record.
public struct AuditHead: Sendable, Codable, Hashable {
    /// Its sequence number.
    public var sequence: Int
    /// Its hash.
    public var hash: String

    /// Creates a head.
    public init(sequence: Int, hash: String) {
        self.sequence = sequence
        self.hash = hash
    }
}

/// What the run remembers of one step.
public struct StepState: Sendable, Codable, Hashable {
    /// The latest outcome.
    public var outcome: String?
    /// The latest output (present when the handler returned an outcome).
    public var output: [String: Value]?
    /// Attempts in the latest visit.
    public var attempts = 0
    /// Times the run entered this step (a playbook loop enters it again).
    public var visits = 0

    /// Creates an empty state.
    public init() {}
}

/// The step in flight or parked.
public struct CurrentStep: Sendable, Codable, Hashable {
    /// Its id.
    public var stepID: String
    /// Which visit this is (part of the idempotency key).
    public var visit: Int
    /// The attempt in progress or next.
    public var attempt: Int
    /// When the first attempt of this visit started (for `max_elapsed`).
    public var firstAttemptAt: Date
    /// When the visit started.
    public var startedAt: Date
    /// Set between the intent record and the result record of a side-effecting call: if a
    /// process finds this after a crash, the effect may have happened.
    public var inFlight = false
    /// A parked wait.
    public var wait: WaitRequest?
    /// When the next attempt may start (retry backoff).
    public var retryAt: Date?
    /// The last error, for the record.
    public var lastError: String?
    /// Since when the visit has been waiting (for a signal, a timer or a retry's backoff).
    public var waitingSince: Date?
    /// How long the visit has waited so far, in seconds (`startedAt` to now, less this, is the
    /// time it was being worked on).
    public var waited: TimeInterval = 0

    /// Ends a wait at `now`, adding it to `waited`.
    public mutating func stopWaiting(at now: Date) {
        if let since = waitingSince { waited += max(0, now.timeIntervalSince(since)) }
        waitingSince = nil
    }

    /// Starts a visit.
    public init(stepID: String, visit: Int, startedAt: Date) {
        self.stepID = stepID
        self.visit = visit
        self.attempt = 1
        self.firstAttemptAt = startedAt
        self.startedAt = startedAt
    }
}

/// SLA deadlines and breaches.
public struct SLAState: Sendable, Codable, Hashable {
    /// First contact must happen by then.
    public var respondBy: Date?
    /// The run must end by then.
    public var resolveBy: Date?
    /// When the user was first contacted.
    public var respondedAt: Date?
    /// Which deadlines were breached (`respond`, `resolve`).
    public var breached: [String] = []
    /// Whether the run already jumped to `sla.on_breach` (it does so once).
    public var breachHandled = false

    /// Creates an empty state.
    public init() {}
}

/// One finished step visit, for `redress show` and JSON output.
public struct StepRecord: Sendable, Codable, Hashable {
    /// The step's id.
    public var stepID: String
    /// The handler.
    public var handler: String
    /// The outcome.
    public var outcome: String
    /// Attempts made.
    public var attempts: Int
    /// When the visit started.
    public var startedAt: Date
    /// When it ended.
    public var endedAt: Date
    /// Where the run went next (`next` step id, `end`, `fail`, or `finally`).
    public var routedTo: String
    /// An error message, when the outcome was `error` or `timeout`.
    public var detail: String?
    /// Of the time from `startedAt` to `endedAt`, the seconds the visit spent waiting (for a
    /// person, a timer or a retry); the rest it was being worked on.
    public var waited: TimeInterval = 0

    /// Creates a record.
    public init(
        stepID: String, handler: String, outcome: String, attempts: Int, startedAt: Date, endedAt: Date, routedTo: String, detail: String?,
        waited: TimeInterval = 0
    ) {
        self.stepID = stepID
        self.handler = handler
        self.outcome = outcome
        self.attempts = attempts
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.routedTo = routedTo
        self.detail = detail
        self.waited = waited
    }
}

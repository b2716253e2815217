import Foundation
import RedressPlaybook

/// Something that happened to a run, before it is chained into the audit trail.
public struct AuditEvent: Sendable, Codable, Hashable {
    /// The kinds of event the engine writes. Stored as their text (a trail written by an older
    /// Redress keeps verifying), so these are names, not an enum a reader must know all cases of.
    package enum Kind {
        /// The run was stored (by `start` or `openCase`).
        package static let runCreated = "run.created"
        /// A process began driving it.
        package static let runStarted = "run.started"
        /// It ended (`status` and `resolution` in the data).
        package static let runEnded = "run.ended"
        /// An operator cancelled it.
        package static let runCancelled = "run.cancelled"
        /// Someone was refused an action on the run (unknown actor, missing role, self-approval).
        package static let actorRefused = "actor.refused"
        /// An effect's result is uncertain; a person must reconcile.
        package static let runNeedsReconciliation = "run.needs_reconciliation"
        /// A side-effecting call is about to be made.
        package static let stepStarted = "step.started"
        /// A step's visit ended with an outcome.
        package static let stepFinished = "step.finished"
        /// A step is waiting for a signal or a timer.
        package static let stepWaiting = "step.waiting"
        /// A failed attempt will be tried again.
        package static let stepRetry = "step.retry"
        /// The waiting step refused a signal (its sender and the reason; never the value).
        package static let signalRefused = "signal.refused"
        /// A money step's identity proof was refused; nothing was called.
        package static let proofRefused = "proof.refused"
        /// A signal reached the run.
        package static let signalReceived = "signal.received"
        /// An SLA deadline passed.
        package static let slaBreached = "sla.breached"
        /// The run jumped somewhere other than its step's route (an SLA breach).
        package static let route = "route"
    }

    /// What happened (one of `Kind`'s names).
    public var kind: String
    /// Who caused it (`engine`, an operator, a reviewer).
    public var actor: String
    /// Details, with secrets already redacted.
    public var data: [String: Value]
    /// When.
    public var at: Date

    /// Creates an event.
    public init(kind: String, actor: String = "engine", data: [String: Value] = [:], at: Date) {
        self.kind = kind
        self.actor = actor
        self.data = data
        self.at = at
    }
}

/// An audit event as stored: numbered, and chained to the one before by hash.
public struct AuditRecord: Sendable, Codable, Hashable {
    /// The run.
    public var runID: String
    /// 1, 2, 3, ... within the run.
    public var sequence: Int
    /// The event.
    public var event: AuditEvent
    /// The previous record's hash (64 zeros for the first).
    public var previousHash: String
    /// This record's hash: SHA-256 over the previous hash and this record's canonical text.
    public var hash: String

    /// Creates a record.
    public init(runID: String, sequence: Int, event: AuditEvent, previousHash: String, hash: String) {
        self.runID = runID
        self.sequence = sequence
        self.event = event
        self.previousHash = previousHash
        self.hash = hash
    }
}

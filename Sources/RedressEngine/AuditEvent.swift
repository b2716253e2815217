import Foundation
import RedressPlaybook

/// Something that happened to a run, before it is chained into the audit trail.
public struct AuditEvent: Sendable, Codable, Hashable {
    /// The kinds of event the engine writes. Stored as their text (a trail written by an older
    /// Redress keeps verifying), so these are names, not an enum a reader must know all cases of.
    public enum Kind {
        /// The run was stored (by `start` or `openCase`).
        public static let runCreated = "run.created"
        /// A process began driving it.
        public static let runStarted = "run.started"
        /// It ended (`status` and `resolution` in the data).
        public static let runEnded = "run.ended"
        /// An operator cancelled it.
        public static let runCancelled = "run.cancelled"
        /// An effect's result is uncertain; a person must reconcile.
        public static let runNeedsReconciliation = "run.needs_reconciliation"
        /// A side-effecting call is about to be made.
        public static let stepStarted = "step.started"
        /// A step's visit ended with an outcome.
        public static let stepFinished = "step.finished"
        /// A step is waiting for a signal or a timer.
        public static let stepWaiting = "step.waiting"
        /// A failed attempt will be tried again.
        public static let stepRetry = "step.retry"
        /// The waiting step refused a signal (its sender and the reason; never the value).
        public static let signalRefused = "signal.refused"
        /// A signal reached the run.
        public static let signalReceived = "signal.received"
        /// An SLA deadline passed.
        public static let slaBreached = "sla.breached"
        /// The run jumped somewhere other than its step's route (an SLA breach).
        public static let route = "route"
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

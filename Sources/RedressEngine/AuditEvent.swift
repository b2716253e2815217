import Foundation
import RedressPlaybook

/// Something that happened to a run, before it is chained into the audit trail.
public struct AuditEvent: Sendable, Codable, Hashable {
    /// What happened (`run.started`, `step.finished`, `route`, `signal.received`, ...).
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

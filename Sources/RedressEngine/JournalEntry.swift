import Foundation
import RedressPlaybook

/// One record of the step journal: the intent before a side-effecting call, the result after
/// it, and late results of calls that timed out.
public struct JournalEntry: Sendable, Codable, Hashable {
    /// What the record says.
    public enum Kind: String, Sendable, Codable, Hashable {
        /// A side-effecting call is about to be made (written, and synced, first).
        case intent
        /// A call returned an outcome.
        case result
        /// A call returned a wait.
        case waiting
        /// A call failed.
        case error
        /// A call that had timed out returned after all; its result was discarded.
        case late
        /// A call was repeated after a crash with the same idempotency key.
        case recovery
    }

    /// The run.
    public var runID: String
    /// The step.
    public var stepID: String
    /// The attempt.
    public var attempt: Int
    /// The idempotency key of the call.
    public var idempotencyKey: String
    /// The kind of record.
    public var kind: Kind
    /// Details (parameters or outcome and output), with secrets already redacted.
    public var detail: [String: Value]
    /// When.
    public var at: Date

    /// Creates an entry.
    public init(runID: String, stepID: String, attempt: Int, idempotencyKey: String, kind: Kind, detail: [String: Value], at: Date) {
        self.runID = runID
        self.stepID = stepID
        self.attempt = attempt
        self.idempotencyKey = idempotencyKey
        self.kind = kind
        self.detail = detail
        self.at = at
    }
}

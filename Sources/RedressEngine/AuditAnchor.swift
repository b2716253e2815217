import Crypto
import Foundation

/// A checkpoint of every run's audit-trail head, to keep somewhere the state database's writers
/// cannot reach (another machine, a ticket, a printout of its digest).
///
/// Someone with write access to the database can truncate a trail and rewrite its run's head, or
/// recompute a whole chain after changing an entry; the chain alone cannot show that. Against an
/// anchor it shows: every anchored (run, sequence) must still be in the trail with the anchored
/// hash. The anchor carries the SHA-256 of its own content (`digest`), so an anchor edited to
/// match a forged database no longer checks out against the digest noted elsewhere.
package struct AuditAnchor: Sendable, Codable, Hashable {
    /// A run's head when the anchor was made.
    package struct Head: Sendable, Codable, Hashable {
        /// The head's sequence number.
        package var sequence: Int
        /// The head's hash.
        package var hash: String

        /// Creates a head.
        package init(sequence: Int, hash: String) {
            self.sequence = sequence
            self.hash = hash
        }
    }

    /// When it was made.
    package var createdAt: Date
    /// Every run's head, by run id.
    package var heads: [String: Head]
    /// SHA-256 (hex) of the canonical text of `createdAt` and `heads`.
    package var digest: String

    /// An anchor of `heads`, made at `createdAt`.
    package init(heads: [String: Head], createdAt: Date) {
        self.createdAt = createdAt
        self.heads = heads
        digest = Self.digest(heads: heads, createdAt: createdAt)
    }

    /// Whether `digest` still matches the content (the file was not edited).
    package var isIntact: Bool { digest == Self.digest(heads: heads, createdAt: createdAt) }

    /// Why `entries` (a run's trail as read back) no longer hold what was anchored for `runID`,
    /// or `nil` when they do (or the run is younger than the anchor).
    package func firstBreak(runID: String, in entries: [AuditRecord?]) -> AuditChain.Break? {
        guard let head = heads[runID] else { return nil }
        guard head.sequence <= entries.count, let record = entries[head.sequence - 1] else {
            return AuditChain.Break(
                position: head.sequence, sequence: head.sequence,
                reason: "anchored entry \(head.sequence) is gone (the trail was cut to \(entries.count) entries)")
        }
        guard record.hash == head.hash else {
            return AuditChain.Break(
                position: head.sequence, sequence: head.sequence, reason: "anchored entry \(head.sequence) has another hash (the trail was rewritten)")
        }
        return nil
    }

    /// Anchored runs that no longer exist at all.
    package func missingRuns(among present: Set<String>) -> [String] { heads.keys.filter { !present.contains($0) }.sorted() }

    private static func digest(heads: [String: Head], createdAt: Date) -> String {
        // Whole seconds: the file keeps the time as ISO 8601, which has no fractions.
        var text = "redress audit anchor v1\n\(Int64(createdAt.timeIntervalSince1970.rounded(.down)))\n"
        for (run, head) in heads.sorted(by: { $0.key < $1.key }) { text += "\(run) \(head.sequence) \(head.hash)\n" }
        return AuditChain.hex(SHA256.hash(data: Data(text.utf8)))
    }
}

import Crypto
import Foundation
import RedressPlaybook

/// The hash chain of a run's audit trail: each record's hash covers the previous hash, so
/// changing, deleting, reordering or inserting a record breaks every hash after it.
package enum AuditChain {
    /// Chains `events` onto `run`'s trail: returns the records and moves `run.auditHead`.
    package static func append(_ events: [AuditEvent], to run: inout RunState) -> [AuditRecord] {
        guard !events.isEmpty else { return [] }
        let records = extend(events, runID: run.id, after: run.auditHead.map { ($0.sequence, $0.hash) })
        if let last = records.last { run.auditHead = AuditHead(sequence: last.sequence, hash: last.hash) }
        return records
    }

    /// The previous hash of a run's first record.
    package static let genesis = String(repeating: "0", count: 64)

    /// The records for `events`, continuing a chain whose last record was `last`.
    package static func extend(_ events: [AuditEvent], runID: String, after last: (sequence: Int, hash: String)?) -> [AuditRecord] {
        var sequence = last?.sequence ?? 0
        var previous = last?.hash ?? genesis
        return events.map { event in
            sequence += 1
            let hash = self.hash(runID: runID, sequence: sequence, event: event, previousHash: previous)
            defer { previous = hash }
            return AuditRecord(runID: runID, sequence: sequence, event: event, previousHash: previous, hash: hash)
        }
    }

    /// The hash of one record: SHA-256 of its canonical bytes (previous hash, run, sequence,
    /// time in ms, kind, actor and key-sorted data, newline-separated).
    package static func hash(runID: String, sequence: Int, event: AuditEvent, previousHash: String) -> String {
        // Built as bytes, not as a String: this runs twice per step on the engine's hot path.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256)
        for part in [previousHash, runID, String(sequence), String(Int64((event.at.timeIntervalSince1970 * 1_000).rounded())), event.kind, event.actor] {
            bytes.append(contentsOf: part.utf8)
            bytes.append(0x0A)
        }
        appendCanonical(event.data, to: &bytes)
        return hex(SHA256.hash(data: bytes))
    }

    /// Lower-case hex of a digest (`String(format:)` per byte costs more than the hash itself).
    static func hex(_ digest: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(64)
        for byte in digest {
            bytes.append(digits[Int(byte >> 4)])
            bytes.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Where a chain breaks: the 1-based position of the first record that does not follow from
    /// the ones before it, the sequence number it claims, and why.
    package struct Break: Sendable, Hashable {
        /// 1-based position in the trail as stored.
        package var position: Int
        /// The sequence number the record claims.
        package var sequence: Int
        /// What is wrong with it.
        package var reason: String
    }

    /// The first bad record of a run's trail, or `nil` when the chain holds.
    package static func firstBreak(in records: [AuditRecord]) -> Break? {
        firstBreak(in: records.map(Optional.some), head: nil)
    }

    /// The first bad entry of a run's trail as read back (`nil` for an entry whose stored bytes
    /// could not be read), checked against the run's head (`RunState.auditHead`, committed with
    /// every append): a trail cut short at its end, or ending anywhere else than the head, breaks
    /// there. `nil` when the chain holds.
    package static func firstBreak(in entries: [AuditRecord?], head: AuditHead?) -> Break? {
        var previous = genesis
        for (index, entry) in entries.enumerated() {
            let position = index + 1
            guard let record = entry else {
                return Break(position: position, sequence: position, reason: "unreadable (its stored bytes are not an audit record)")
            }
            if record.sequence != position {
                return Break(
                    position: position, sequence: record.sequence,
                    reason: "record \(position) claims to be number \(record.sequence) (a record was deleted, inserted or moved)")
            }
            if record.previousHash != previous {
                return Break(position: position, sequence: record.sequence, reason: "its previous-hash does not match the record before it")
            }
            let recomputed = hash(runID: record.runID, sequence: record.sequence, event: record.event, previousHash: record.previousHash)
            if recomputed != record.hash {
                return Break(position: position, sequence: record.sequence, reason: "its content does not match its hash (it was changed)")
            }
            previous = record.hash
        }
        guard let head else { return nil }
        if entries.count < head.sequence {
            return Break(
                position: entries.count + 1, sequence: head.sequence,
                reason: "the trail ends at entry \(entries.count) but the run's head is entry \(head.sequence) (entries were deleted from its end)")
        }
        if entries.count > head.sequence {
            return Break(position: head.sequence + 1, sequence: head.sequence + 1, reason: "entries follow the run's head, entry \(head.sequence) (they were added)")
        }
        if previous != head.hash, !entries.isEmpty {
            return Break(position: entries.count, sequence: head.sequence, reason: "the last entry is not the run's head (the trail was rewritten)")
        }
        return nil
    }

    /// Key-sorted text of a value map, so the same data always hashes the same.
    static func canonical(_ data: [String: Value]) -> String {
        var bytes: [UInt8] = []
        appendCanonical(data, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func appendCanonical(_ data: [String: Value], to bytes: inout [UInt8]) {
        var first = true
        for (key, value) in data.sorted(by: { $0.key < $1.key }) {
            if !first { bytes.append(UInt8(ascii: ";")) }
            first = false
            bytes.append(contentsOf: key.utf8)
            bytes.append(UInt8(ascii: "="))
            appendCanonical(value, to: &bytes)
        }
    }

    private static func appendCanonical(_ value: Value, to bytes: inout [UInt8]) {
        switch value {
        case .object(let fields):
            bytes.append(UInt8(ascii: "{"))
            appendCanonical(fields, to: &bytes)
            bytes.append(UInt8(ascii: "}"))
        case .list(let items):
            bytes.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                appendCanonical(item, to: &bytes)
            }
            bytes.append(UInt8(ascii: "]"))
        case .string(let string):
            bytes.append(UInt8(ascii: "\""))
            // '\\' and '"' are ASCII, never inside a multi-byte UTF-8 sequence: escaping bytes is
            // escaping scalars.
            for byte in string.utf8 {
                if byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "\"") { bytes.append(UInt8(ascii: "\\")) }
                bytes.append(byte)
            }
            bytes.append(UInt8(ascii: "\""))
        case .timestamp(let date):
            bytes.append(UInt8(ascii: "t"))
            bytes.append(contentsOf: String(Int64((date.timeIntervalSince1970 * 1_000).rounded())).utf8)
        case .integer(let number):
            bytes.append(contentsOf: String(number).utf8)
        default:
            bytes.append(contentsOf: value.displayText.utf8)
        }
    }
}

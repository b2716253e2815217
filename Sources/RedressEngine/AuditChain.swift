import Crypto
import Foundation
import RedressPlaybook

/// The hash chain of a run's audit trail: each record's hash covers the previous hash, so
/// changing, deleting, reordering or inserting a record breaks every hash after it.
public enum AuditChain {
    /// Chains `events` onto `run`'s trail: returns the records and moves `run.auditHead`.
    public static func append(_ events: [AuditEvent], to run: inout RunState) -> [AuditRecord] {
        guard !events.isEmpty else { return [] }
        let records = extend(events, runID: run.id, after: run.auditHead.map { ($0.sequence, $0.hash) })
        if let last = records.last { run.auditHead = AuditHead(sequence: last.sequence, hash: last.hash) }
        return records
    }

    /// The previous hash of a run's first record.
    public static let genesis = String(repeating: "0", count: 64)

    /// The records for `events`, continuing a chain whose last record was `last`.
    public static func extend(_ events: [AuditEvent], runID: String, after last: (sequence: Int, hash: String)?) -> [AuditRecord] {
        var sequence = last?.sequence ?? 0
        var previous = last?.hash ?? genesis
        return events.map { event in
            sequence += 1
            let hash = self.hash(runID: runID, sequence: sequence, event: event, previousHash: previous)
            defer { previous = hash }
            return AuditRecord(runID: runID, sequence: sequence, event: event, previousHash: previous, hash: hash)
        }
    }

    /// The hash of one record.
    public static func hash(runID: String, sequence: Int, event: AuditEvent, previousHash: String) -> String {
        var text = ""
        text.reserveCapacity(192)
        text += previousHash
        text += "\n"
        text += runID
        text += "\n"
        text += String(sequence)
        text += "\n"
        text += String(Int64((event.at.timeIntervalSince1970 * 1_000).rounded()))
        text += "\n"
        text += event.kind
        text += "\n"
        text += event.actor
        text += "\n"
        appendCanonical(event.data, to: &text)
        var hasher = SHA256()
        var utf8 = text
        utf8.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        return hex(hasher.finalize())
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
    public struct Break: Sendable, Hashable {
        /// 1-based position in the trail as stored.
        public var position: Int
        /// The sequence number the record claims.
        public var sequence: Int
        /// What is wrong with it.
        public var reason: String
    }

    /// The first bad record of a run's trail, or `nil` when the chain holds.
    public static func firstBreak(in records: [AuditRecord]) -> Break? {
        var previous = genesis
        for (index, record) in records.enumerated() {
            let position = index + 1
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
        return nil
    }

    /// Key-sorted text of a value map, so the same data always hashes the same.
    static func canonical(_ data: [String: Value]) -> String {
        var text = ""
        appendCanonical(data, to: &text)
        return text
    }

    private static func appendCanonical(_ data: [String: Value], to text: inout String) {
        var first = true
        for (key, value) in data.sorted(by: { $0.key < $1.key }) {
            if !first { text += ";" }
            first = false
            text += key
            text += "="
            appendCanonical(value, to: &text)
        }
    }

    private static func appendCanonical(_ value: Value, to text: inout String) {
        switch value {
        case .object(let fields):
            text += "{"
            appendCanonical(fields, to: &text)
            text += "}"
        case .list(let items):
            text += "["
            for (index, item) in items.enumerated() {
                if index > 0 { text += "," }
                appendCanonical(item, to: &text)
            }
            text += "]"
        case .string(let string):
            text += "\""
            for character in string.unicodeScalars {
                if character == "\\" || character == "\"" { text.unicodeScalars.append("\\") }
                text.unicodeScalars.append(character)
            }
            text += "\""
        case .timestamp(let date):
            text += "t"
            text += String(Int64((date.timeIntervalSince1970 * 1_000).rounded()))
        case .integer(let number):
            text += String(number)
        default:
            text += value.displayText
        }
    }
}

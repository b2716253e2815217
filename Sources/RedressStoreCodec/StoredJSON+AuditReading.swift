import Foundation
import RedressEngine
import RedressPlaybook

/// Reading audit records back with the pull reader: `audit verify` over every run's trail reads
/// hundreds of thousands of them, and `JSONDecoder` would spend most of the time there.
///
/// Contract: `decodeAuditRecord(d)` equals `JSONDecoder().decode(AuditRecord.self, from: d)` for
/// every document `StoredJSON.encode(_: AuditRecord)` or `JSONEncoder` writes; anything else
/// throws `StoredJSONReader.Failure` (never traps).
extension StoredJSON {
    /// The audit record in `data`.
    package static func decodeAuditRecord(_ data: Data) throws -> AuditRecord {
        var reader = StoredJSONReader(data)
        var runID: String?
        var sequence: Int?
        var event: AuditEvent?
        var previousHash: String?
        var hash: String?
        try reader.object { reader, key in
            switch key {
            case "runID": runID = try reader.string()
            case "sequence": sequence = try reader.integer()
            case "event": event = try readEvent(&reader)
            case "previousHash": previousHash = try reader.string()
            case "hash": hash = try reader.string()
            default: try reader.skipValue()
            }
        }
        try reader.end()
        guard let runID, let sequence, let event, let previousHash, let hash else {
            throw StoredJSONReader.Failure(offset: 0, message: "an audit record misses a required field")
        }
        return AuditRecord(runID: runID, sequence: sequence, event: event, previousHash: previousHash, hash: hash)
    }

    private static func readEvent(_ reader: inout StoredJSONReader) throws -> AuditEvent {
        var kind: String?
        var actor: String?
        var data: [String: Value]?
        var at: Date?
        try reader.object { reader, key in
            switch key {
            case "kind": kind = try reader.string()
            case "actor": actor = try reader.string()
            case "data": data = try readFields(&reader)
            case "at": at = try readDate(&reader)
            default: try reader.skipValue()
            }
        }
        guard let kind, let actor, let data, let at else { throw StoredJSONReader.Failure(offset: 0, message: "an audit event misses a required field") }
        return AuditEvent(kind: kind, actor: actor, data: data, at: at)
    }
}

import Foundation
import RedressEngine
import RedressPlaybook

/// A hand-written JSON writer for the records a store appends on every step (audit records,
/// journal entries): the same documents `JSONEncoder` writes for them (so `JSONDecoder` reads
/// either), several times faster. Encoding them was a fifth of the durable store's CPU.
///
/// Contract: `StoredJSON.encode(x)` decodes with `JSONDecoder` to a value equal to what
/// `JSONEncoder().encode(x)` decodes to; strings are escaped as RFC 8259 requires; dates use
/// `JSONEncoder`'s default (seconds since 2001-01-01 as a number).
package enum StoredJSON {
    /// A journal entry as JSON bytes.
    package static func encode(_ entry: JournalEntry) -> Data {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        var object = ObjectWriter(into: &out)
        object.string("runID", entry.runID, &out)
        object.string("stepID", entry.stepID, &out)
        object.integer("attempt", entry.attempt, &out)
        object.string("idempotencyKey", entry.idempotencyKey, &out)
        object.string("kind", entry.kind.rawValue, &out)
        object.key("detail", &out)
        self.object(entry.detail, into: &out)
        object.date("at", entry.at, &out)
        object.close(&out)
        return Data(out)
    }

    /// An audit record as JSON bytes.
    package static func encode(_ record: AuditRecord) -> Data {
        var out: [UInt8] = []
        out.reserveCapacity(384)
        var object = ObjectWriter(into: &out)
        object.string("runID", record.runID, &out)
        object.integer("sequence", record.sequence, &out)
        object.key("event", &out)
        var event = ObjectWriter(into: &out)
        event.string("kind", record.event.kind, &out)
        event.string("actor", record.event.actor, &out)
        event.key("data", &out)
        self.object(record.event.data, into: &out)
        event.date("at", record.event.at, &out)
        event.close(&out)
        object.string("previousHash", record.previousHash, &out)
        object.string("hash", record.hash, &out)
        object.close(&out)
        return Data(out)
    }

    /// A value in `Value`'s tagged form (`{"s":"text"}`, `{"d":"12.50"}`, ...).
    static func value(_ value: Value, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        switch value {
        case .null:
            out.append(contentsOf: #""n":null"#.utf8)
        case .bool(let flag):
            out.append(contentsOf: (flag ? #""b":true"# : #""b":false"#).utf8)
        case .integer(let number):
            out.append(contentsOf: #""i":"#.utf8)
            out.append(contentsOf: String(number).utf8)
        case .decimal(let number):
            out.append(contentsOf: #""d":"#.utf8)
            string(number.description, into: &out)
        case .string(let text):
            out.append(contentsOf: #""s":"#.utf8)
            string(text, into: &out)
        case .duration(let duration):
            out.append(contentsOf: #""ms":"#.utf8)
            out.append(contentsOf: String(duration.milliseconds).utf8)
        case .timestamp(let date):
            out.append(contentsOf: #""t":"#.utf8)
            number(date.timeIntervalSince1970, into: &out)
        case .list(let items):
            out.append(contentsOf: #""l":["#.utf8)
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                self.value(item, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let fields):
            out.append(contentsOf: #""o":"#.utf8)
            object(fields, into: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    static func object(_ fields: [String: Value], into out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        var first = true
        for (key, field) in fields {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            string(key, into: &out)
            out.append(UInt8(ascii: ":"))
            value(field, into: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    /// A finite number in the shortest form that reads back exactly; non-finite numbers (which
    /// no audit record holds) become 0 rather than invalid JSON.
    static func number(_ number: Double, into out: inout [UInt8]) {
        out.append(contentsOf: (number.isFinite ? "\(number)" : "0").utf8)
    }

    static func string(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            // Runs of bytes that need no escape are copied whole; most strings are one run.
            var start = 0
            for index in 0..<bytes.count {
                let byte = bytes[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                escape(byte, into: &out)
                start = index + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<bytes.count]))
        }
        out.append(UInt8(ascii: "\""))
    }

    private static func escape(_ byte: UInt8, into out: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        switch byte {
        case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
        case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
        case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
        case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
        case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
        default:
            out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
        }
    }
}

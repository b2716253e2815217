import Foundation
import RedressEngine
import RedressPlaybook
import RedressStoreCodec
import Testing

/// Audit records and journal entries written by the stores' codec read back as `JSONDecoder`
/// reads `JSONEncoder`'s output, and as the pull reader reads them.
@Suite struct StoredRecordTests {
    /// A chained trail of `count` records.
    func trail(_ count: Int) -> ([AuditRecord], AuditHead) {
        var run = RunState(id: "run-1", playbookID: "p", playbookHash: "h", playbookText: "", playbookPath: "", inputs: [:], createdAt: Date())
        let events = (0..<count).map { AuditEvent(kind: AuditEvent.Kind.stepFinished, data: ["n": .integer($0)], at: Date(timeIntervalSince1970: Double($0))) }
        let records = AuditChain.append(events, to: &run)
        return (records, run.auditHead ?? AuditHead(sequence: 0, hash: ""))
    }

    /// The store writes audit records with a hand-written JSON writer; `JSONDecoder` must read
    /// exactly what it reads from `JSONEncoder`'s output.
    @Test func handWrittenStoredJSONDecodesLikeJSONEncoderOutput() throws {
        let tricky = "quote \" backslash \\ newline \n tab \t cr \r nul \u{0} bell \u{7} 付款 emoji 🧾 del \u{7F}"
        let data: [String: Value] = [
            "tricky": .string(tricky), "key \"with\" \\ 付 \n": .integer(1), "null": .null, "yes": .bool(true), "no": .bool(false), "int": .integer(-42), "big": .integer(Int.max),
            "money": .decimal(Decimal(string: "12.50")!), "tiny": .decimal(Decimal(string: "-0.000001")!), "wait": .duration(PlaybookDuration(milliseconds: 90_061)),
            "when": .timestamp(Date(timeIntervalSince1970: 1_800_000_000.125)), "list": .list([.integer(1), .string("two"), .list([]), .object([:])]),
            "nested": .object(["inner": .object(["deep": .string("\u{1F}")])]),
        ]
        let records = [
            AuditRecord(
                runID: "run-1", sequence: 7, event: AuditEvent(kind: "step.result", actor: "u-1\"x", data: data, at: Date(timeIntervalSince1970: 1_800_000_000.001)),
                previousHash: AuditChain.genesis, hash: String(repeating: "a", count: 64)),
            AuditRecord(runID: "", sequence: 0, event: AuditEvent(kind: "", actor: "", data: [:], at: Date(timeIntervalSinceReferenceDate: 0)), previousHash: "", hash: ""),
        ]
        let decoder = JSONDecoder()
        for record in records {
            let fast = try decoder.decode(AuditRecord.self, from: StoredJSON.encode(record))
            let reference = try decoder.decode(AuditRecord.self, from: JSONEncoder().encode(record))
            #expect(fast == reference)
            if !record.event.data.isEmpty {
                #expect(fast.event.data["tricky"] == .string(tricky))
                #expect(fast.event.data["key \"with\" \\ 付 \n"] == .integer(1))
            }
            let entry = JournalEntry(
                runID: record.runID, stepID: "pay", attempt: 2, idempotencyKey: "run-1/pay/1", kind: .intent, detail: record.event.data, at: record.event.at)
            #expect(try decoder.decode(JournalEntry.self, from: StoredJSON.encode(entry)) == decoder.decode(JournalEntry.self, from: JSONEncoder().encode(entry)))
            #expect(AuditChain.hash(runID: fast.runID, sequence: fast.sequence, event: fast.event, previousHash: fast.previousHash)
                == AuditChain.hash(runID: record.runID, sequence: record.sequence, event: record.event, previousHash: record.previousHash))
        }
    }

    @Test func auditRecordsReadBackExactlyByThePullReader() throws {
        let (records, _) = trail(3)
        var withData = records[0]
        withData.event.data = ["text": .string("a \"quoted\" é\n"), "amount": .decimal(Decimal(string: "12.50") ?? 0), "list": .list([.bool(true), .null])]
        for record in records + [withData] {
            let bytes = StoredJSON.encode(record)
            #expect(try StoredJSON.decodeAuditRecord(bytes) == JSONDecoder().decode(AuditRecord.self, from: bytes))
        }
        #expect(throws: (any Error).self) { try StoredJSON.decodeAuditRecord(Data("{\"broken".utf8)) }
        #expect(throws: (any Error).self) { try StoredJSON.decodeAuditRecord(Data("{}".utf8)) }
    }
}

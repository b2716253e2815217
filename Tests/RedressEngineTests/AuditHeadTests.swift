import Foundation
import RedressEngine
import RedressPlaybook
import Testing

/// A trail is checked against the head its run committed, and against an anchor kept elsewhere.
@Suite struct AuditHeadTests {
    /// A run's trail of `count` records, and its head.
    static func trail(_ count: Int, run id: String = "run-1") -> ([AuditRecord], AuditHead) {
        var run = RunState(id: id, playbookID: "p", playbookHash: "h", playbookText: "", playbookPath: "", inputs: [:], createdAt: Date())
        let events = (0..<count).map { AuditEvent(kind: AuditEvent.Kind.stepFinished, data: ["n": .integer($0)], at: Date(timeIntervalSince1970: Double($0))) }
        let records = AuditChain.append(events, to: &run)
        return (records, run.auditHead ?? AuditHead(sequence: 0, hash: ""))
    }

    @Test func aTrailCutFromItsEndBreaksAgainstTheRunsHead() {
        let (records, head) = Self.trail(9)
        #expect(AuditChain.firstBreak(in: records.map(Optional.some), head: head) == nil)
        let cut = AuditChain.firstBreak(in: records.dropLast(2).map(Optional.some), head: head)
        #expect(cut?.position == 8)
        #expect(cut?.reason.contains("deleted from its end") == true)
        // Without the head, the cut chain still looks whole: that is what the head is for.
        #expect(AuditChain.firstBreak(in: Array(records.dropLast(2))) == nil)
        #expect(AuditChain.firstBreak(in: [], head: head)?.position == 1)
    }

    @Test func anUnreadableEntryIsNamedByItsPosition() {
        let (records, head) = Self.trail(6)
        var entries = records.map(Optional.some)
        entries[4] = nil
        let fault = AuditChain.firstBreak(in: entries, head: head)
        #expect(fault?.position == 5)
        #expect(fault?.reason.hasPrefix("unreadable") == true)
    }

    @Test func entriesAfterTheHeadOrAnotherLastEntryBreak() {
        let (records, head) = Self.trail(5)
        #expect(AuditChain.firstBreak(in: records.map(Optional.some), head: AuditHead(sequence: 4, hash: records[3].hash))?.position == 5)
        #expect(AuditChain.firstBreak(in: records.map(Optional.some), head: AuditHead(sequence: 5, hash: "f"))?.reason.contains("rewritten") == true)
        #expect(AuditChain.firstBreak(in: records.map(Optional.some), head: head) == nil)
    }

    @Test func anAnchorShowsATrailCutAndItsHeadRewrittenAndAnEditedAnchorShowsItself() throws {
        let (records, head) = Self.trail(8)
        let anchor = AuditAnchor(heads: ["run-1": .init(sequence: head.sequence, hash: head.hash)], createdAt: Date(timeIntervalSince1970: 1_800_000_000.7))
        #expect(anchor.isIntact)
        #expect(anchor.firstBreak(runID: "run-1", in: records.map(Optional.some)) == nil)
        // The attacker cuts two entries and rewrites the head to the new last one: the chain holds,
        // the anchor does not.
        let cut = records.dropLast(2).map(Optional.some)
        #expect(AuditChain.firstBreak(in: cut, head: AuditHead(sequence: 6, hash: records[5].hash)) == nil)
        #expect(anchor.firstBreak(runID: "run-1", in: cut)?.reason.contains("is gone") == true)
        // A whole chain recomputed after one entry was changed: it verifies alone, same length.
        var events = records.map(\.event)
        events[2].data["n"] = .integer(99)
        let forged = AuditChain.extend(events, runID: "run-1", after: nil)
        #expect(AuditChain.firstBreak(in: forged) == nil)
        #expect(anchor.firstBreak(runID: "run-1", in: forged.map(Optional.some))?.reason.contains("another hash") == true)
        var edited = anchor
        edited.heads["run-1"]?.sequence = 6
        #expect(!edited.isIntact)
        // The file keeps whole seconds: an anchor read back is still intact.
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        #expect(try decoder.decode(AuditAnchor.self, from: encoder.encode(anchor)).isIntact)
        #expect(anchor.missingRuns(among: []) == ["run-1"])
    }
}

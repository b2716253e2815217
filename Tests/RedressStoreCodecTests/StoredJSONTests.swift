import Foundation
import RedressEngine
import RedressPlaybook
import RedressPluginAPI
import RedressStoreCodec
import Testing

/// The store's hand-written JSON writer for run states must write what `JSONEncoder` writes.
@Suite struct StoredJSONTests {
    /// A state with every optional set and every collection non-empty.
    static func fullState() -> RunState {
        let at = Date(timeIntervalSince1970: 1_800_000_000.375)
        var run = RunState(
            id: "run-1", playbookID: "pay", playbookHash: String(repeating: "b", count: 64), playbookText: "playbook: pay\n\"quoted\"",
            playbookPath: "Playbooks/pay.yaml", inputs: ["order_id": .string("ORD-1"), "amount": .decimal(Decimal(string: "12.50")!)], createdAt: at)
        run.status = .waiting
        run.resolution = "partly \"done\""
        run.updatedAt = at.addingTimeInterval(61.5)
        run.phase = .finally
        run.cursor = 3
        run.endedAs = .completed
        var check = StepState()
        check.outcome = "found"
        check.output = ["user_id": .string("u-1"), "channel": .object(["healthy": .bool(false)])]
        check.attempts = 2
        check.visits = 1
        var verify = StepState()
        verify.visits = 1
        run.steps = ["check": check, "verify": verify]
        var current = CurrentStep(stepID: "verify", visit: 1, startedAt: at.addingTimeInterval(1))
        current.attempt = 2
        current.firstAttemptAt = at
        current.inFlight = true
        current.wait = WaitRequest(
            signal: "otp", deadline: at.addingTimeInterval(600), deadlineOutcome: "expired", deadlineOutput: ["why": .string("late")], isSecret: true,
            memo: ["challenge": .integer(7)], callsBackAtDeadline: true, audience: .user, subject: "u-1001")
        current.retryAt = at.addingTimeInterval(2)
        current.lastError = "retryable: busy\nagain"
        current.waitingSince = at.addingTimeInterval(5)
        current.waited = 1.5
        run.current = current
        run.identityVerified = true
        run.sla.respondBy = at.addingTimeInterval(900)
        run.sla.resolveBy = at.addingTimeInterval(86_400)
        run.sla.respondedAt = at.addingTimeInterval(5)
        run.sla.breached = ["respond"]
        run.sla.breachHandled = true
        run.history = [
            StepRecord(stepID: "check", handler: "wallet.check_status", outcome: "found", attempts: 2, startedAt: at, endedAt: at.addingTimeInterval(0.25), routedTo: "verify", detail: "ok", waited: 0.125),
            StepRecord(stepID: "x", handler: "flow.log", outcome: "logged", attempts: 1, startedAt: at, endedAt: at, routedTo: "next", detail: nil),
        ]
        run.wakeAt = at.addingTimeInterval(600)
        run.auditHead = AuditHead(sequence: 9, hash: String(repeating: "c", count: 64))
        run.caseKey = "ORD-1001"
        run.anomaly = "transaction_failed"
        run.caseSequence = 2
        run.escalatedAt = "escalate"
        run.participants = ["alice", "u-1001", "risk \"7\""]
        run.proofs = [
            ProofRecord(digest: String(repeating: "d", count: 64), user: "u-1", order: "ORD-1", issuedBy: "verify", expiresAt: at, usedBy: "k"),
            ProofRecord(digest: "e", user: "u-2", order: "ORD-2", issuedBy: "verify", expiresAt: at.addingTimeInterval(1)),
        ]
        return run
    }

    @Test func runStateWriterDecodesLikeJSONEncoderOutput() throws {
        let decoder = JSONDecoder()
        for run in [Self.fullState(), RunState(id: "r", playbookID: "p", playbookHash: "h", playbookText: "", playbookPath: "", inputs: [:], createdAt: Date(timeIntervalSinceReferenceDate: 0))] {
            let fast = try decoder.decode(RunState.self, from: StoredJSON.encode(run))
            let reference = try decoder.decode(RunState.self, from: JSONEncoder().encode(run))
            #expect(fast == reference)
        }
    }

    /// A stored property added to one of these types must be added to the writer too; this
    /// count is the reminder.
    @Test func writerCoversEveryStoredProperty() throws {
        let run = Self.fullState()
        let current = try #require(run.current)
        let counts = [
            "RunState": Mirror(reflecting: run).children.count, "StepState": Mirror(reflecting: try #require(run.steps["check"])).children.count,
            "CurrentStep": Mirror(reflecting: current).children.count, "WaitRequest": Mirror(reflecting: try #require(current.wait)).children.count,
            "SLAState": Mirror(reflecting: run.sla).children.count, "StepRecord": Mirror(reflecting: run.history[0]).children.count,
            "AuditHead": Mirror(reflecting: try #require(run.auditHead)).children.count,
        ]
        #expect(counts == ["RunState": 26, "StepState": 4, "CurrentStep": 11, "WaitRequest": 9, "SLAState": 5, "StepRecord": 9, "AuditHead": 2])
    }
}

/// The store's hand-written reader must read back exactly what either writer wrote, and refuse
/// anything else with an error instead of trapping.
@Suite struct StoredJSONReaderTests {
    static let trickyStrings = [
        "", "plain", "quote \" backslash \\ slash /", "line\nbreak\ttab\r\u{8}\u{C}", "control \u{1} \u{1F}", "CJK 退款 ✓", "emoji 🧾👩🏽‍💻", "\u{0}nul",
    ]

    static func everyValue() -> [String: Value] {
        var fields: [String: Value] = [
            "null": .null, "yes": .bool(true), "no": .bool(false), "int": .integer(-42), "min": .integer(Int.min), "max": .integer(Int.max),
            "money": .decimal(Decimal(string: "-1234567.89")!), "wait": .duration(PlaybookDuration(milliseconds: 86_400_000)),
            "when": .timestamp(Date(timeIntervalSince1970: 1_700_000_000.123)),
            "list": .list([.integer(1), .list([.string("nested")]), .object(["k": .null])]), "empty": .object([:]),
        ]
        for (index, text) in trickyStrings.enumerated() { fields["s\(index) \(text)"] = .string(text) }
        return fields
    }

    static func states() -> [RunState] {
        var full = StoredJSONTests.fullState()
        full.inputs = everyValue()
        full.resolution = trickyStrings.joined(separator: "|")
        let bare = RunState(id: "r", playbookID: "p", playbookHash: "h", playbookText: "", playbookPath: "", inputs: [:], createdAt: Date(timeIntervalSinceReferenceDate: 0))
        return [StoredJSONTests.fullState(), full, bare]
    }

    @Test func readsBackWhatStoredJSONWrites() throws {
        for run in Self.states() {
            #expect(try StoredJSON.decodeRunState(StoredJSON.encode(run)) == run)
        }
    }

    @Test func readsWhatJSONEncoderWritesIncludingEscapedSlashesAndPrettyPrinting() throws {
        let encoder = JSONEncoder()
        let pretty = JSONEncoder()
        pretty.outputFormatting = [.prettyPrinted, .sortedKeys]
        for run in Self.states() {
            #expect(try StoredJSON.decodeRunState(encoder.encode(run)) == run)
            #expect(try StoredJSON.decodeRunState(pretty.encode(run)) == run)
        }
    }

    @Test func readsUnicodeEscapesAndSkipsUnknownKeys() throws {
        var document = String(decoding: StoredJSON.encode(Self.states()[2]), as: UTF8.self)
        document.removeLast()
        document += #","future":{"a":[1,2.5e3,true,null,"x"]},"resolution":"caf\u00e9 \ud83e\uddfe"}"#
        #expect(try StoredJSON.decodeRunState(Data(document.utf8)).resolution == "café 🧾")
    }

    @Test func refusesEveryTruncationOfAStateWithoutTrapping() throws {
        let bytes = [UInt8](StoredJSON.encode(StoredJSONTests.fullState()))
        for length in 0..<bytes.count {
            #expect(throws: (any Error).self) { try StoredJSON.decodeRunState(Data(bytes[0..<length])) }
        }
    }

    @Test(arguments: [
        #"{"id":"r"} trailing"#, #"{"id":1}"#, #"{"id":"r","id2":}"#, "[]", #"{"id":"\x"}"#, #"{"id":"\ud800"}"#, "{\"id\":\"a\u{1}\"}",
        #"{"cursor":1.5}"#, #"{"cursor":99999999999999999999}"#,
    ])
    func refusesMalformedDocuments(_ document: String) {
        #expect(throws: (any Error).self) { try StoredJSON.decodeRunState(Data(document.utf8)) }
    }

    @Test func refusesInvalidUTF8AndDeepNesting() {
        var invalid = [UInt8](#"{"id":""#.utf8)
        invalid += [0xC3, 0x28]
        invalid += [UInt8](#""}"#.utf8)
        #expect(throws: (any Error).self) { try StoredJSON.decodeRunState(Data(invalid)) }
        let deep = #"{"inputs":{"x":"# + String(repeating: #"{"l":["#, count: 100_000)
        #expect(throws: (any Error).self) { try StoredJSON.decodeRunState(Data(deep.utf8)) }
    }
}

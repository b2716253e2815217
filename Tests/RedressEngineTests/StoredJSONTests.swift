import Foundation
import RedressEngine
import RedressPlaybook
import RedressPluginAPI
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
            memo: ["challenge": .integer(7)], callsBackAtDeadline: true)
        current.retryAt = at.addingTimeInterval(2)
        current.lastError = "retryable: busy\nagain"
        run.current = current
        run.identityVerified = true
        run.sla.respondBy = at.addingTimeInterval(900)
        run.sla.resolveBy = at.addingTimeInterval(86_400)
        run.sla.respondedAt = at.addingTimeInterval(5)
        run.sla.breached = ["respond"]
        run.sla.breachHandled = true
        run.history = [
            StepRecord(stepID: "check", handler: "wallet.check_status", outcome: "found", attempts: 2, startedAt: at, endedAt: at.addingTimeInterval(0.25), routedTo: "verify", detail: "ok"),
            StepRecord(stepID: "x", handler: "flow.log", outcome: "logged", attempts: 1, startedAt: at, endedAt: at, routedTo: "next", detail: nil),
        ]
        run.wakeAt = at.addingTimeInterval(600)
        run.auditHead = AuditHead(sequence: 9, hash: String(repeating: "c", count: 64))
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
        #expect(counts == ["RunState": 20, "StepState": 4, "CurrentStep": 9, "WaitRequest": 7, "SLAState": 5, "StepRecord": 8, "AuditHead": 2])
    }
}

import Foundation
import RedressDiagnostics
import RedressFlowPlugin
import RedressPlaybook
import RedressPlaybookTesting
import Testing

/// The runner's own behaviour, on small fixture playbooks and test files.
@Suite struct PlaybookTestRunnerTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// A handler that moves money, one that asks a person, one that talks to the user.
    static let catalog: HandlerCatalog = {
        let order = ParameterSpec("order_id", .string, required: true)
        let pay = HandlerDescriptor(
            name: "acme.pay", summary: "Pays.",
            parameters: [order, ParameterSpec("amount", .decimal, required: true), ParameterSpec("proof", .string, required: true, secret: true)],
            outputs: [FieldSpec("payment_id", .string)], outcomes: [.success("paid"), .failure("declined")],
            policy: HandlerPolicy(movesMoney: true, isIdempotent: true), defaultTimeout: .seconds(10), businessKey: BusinessKey(["order_id"]),
            identityProof: .requires(proof: "proof", order: "order_id"))
        let verify = HandlerDescriptor(
            name: "acme.verify", summary: "Verifies.", parameters: [ParameterSpec("user_id", .string, required: true), order],
            outputs: [FieldSpec("proof", .string, secret: true), FieldSpec("proof_expires_at", .timestamp)], outcomes: [.success("verified"), .failure("expired")],
            policy: HandlerPolicy(hasSideEffects: true, verifiesIdentityOn: ["verified"], waitsForPerson: true, isIdempotent: true), defaultTimeout: .seconds(10),
            identityProof: .issues(proof: "proof", expiresAt: "proof_expires_at", user: "user_id", order: "order_id"))
        let lookup = HandlerDescriptor(
            name: "acme.lookup", summary: "Looks the order up.", parameters: [order], outputs: [FieldSpec("user_id", .string)],
            outcomes: [.success("found")], identityProof: .reportsOwner(order: "order_id", user: "user_id"))
        let tell = HandlerDescriptor(
            name: "acme.tell", summary: "Tells.", parameters: [ParameterSpec("text", .string, required: true)], outcomes: [.success("sent")],
            policy: HandlerPolicy(hasSideEffects: true, contactsUser: true, isIdempotent: true), defaultTimeout: .seconds(10))
        do {
            return try HandlerCatalog(FlowPlugin.descriptors + [lookup, pay, verify, tell])
        } catch {
            preconditionFailure("\(error)")
        }
    }()

    static func run(_ file: String) async -> (PlaybookTestLoader.Loaded, PlaybookTestFileResult) {
        let loaded = PlaybookTestLoader(catalog: catalog).load(path: fixtures.appendingPathComponent(file).path)
        return (loaded, await PlaybookTestRunner(catalog: catalog, passthrough: FlowPlugin.handlers).run(loaded))
    }

    func result(_ results: PlaybookTestFileResult, _ name: String) throws -> PlaybookTestCaseResult {
        try #require(results.cases.first { $0.name == name })
    }

    @Test func retriesConsumeOneMockAnswerPerAttempt() async throws {
        let (loaded, results) = await Self.run("pay.test.yaml")
        #expect(loaded.diagnostics.isEmpty, "\(loaded.diagnostics)")
        let retried = try result(results, "declined twice with a retryable error, then paid")
        #expect(retried.passed, "\(retried.failures)")
        #expect(retried.effects == ["acme.verify", "acme.pay", "acme.tell"])
    }

    @Test func aWrongExpectationFailsWithEachDifferenceNamed() async throws {
        let (_, results) = await Self.run("pay.test.yaml")
        let wrong = try result(results, "expects the wrong path, status, resolution, message and effects")
        #expect(!wrong.passed)
        #expect(wrong.failures.contains("path"))
        #expect(wrong.failures.contains("status: expected failed, got completed"))
        #expect(wrong.failures.contains { $0.hasPrefix("resolution: expected \"refunded\"") })
        #expect(wrong.failures.contains { $0.hasPrefix("message 1: expected it to contain \"sorry\"") })
        #expect(wrong.failures.contains { $0.hasPrefix("effects: expected [acme.pay(amount=99)]") })
        #expect(wrong.expectedPath == ["lookup: found", "verify: verified", "pay: declined", "done: finished"])
        #expect(wrong.actualPath == ["lookup: found", "verify: verified", "pay: paid", "tell: sent", "done: finished"])
    }

    @Test func anUnmockedHandlerIsNeverCalledForReal() async throws {
        let (_, results) = await Self.run("pay.test.yaml")
        let unmocked = try result(results, "forgets to mock the payment")
        #expect(unmocked.actualPath == ["lookup: found", "verify: verified", "pay: error"])
        #expect(unmocked.status == "failed")
        #expect(unmocked.passed, "\(unmocked.failures)")
    }

    @Test func deadlinesPassOnTheVirtualClock() async throws {
        let (_, results) = await Self.run("pay.test.yaml")
        let expired = try result(results, "the user never answers; the wait expires after 10 minutes of virtual time")
        #expect(expired.passed, "\(expired.failures)")
        #expect(expired.virtualSeconds == 600)
        #expect(expired.wallSeconds < 5)
    }

    @Test func aSignalSentBeforeTheRunWaitsForItIsAClearFailure() async throws {
        let (_, results) = await Self.run("pay.test.yaml")
        let early = try result(results, "sends the code while the run still sleeps")
        #expect(early.failures.contains { $0.contains("signal 'otp' arrived after 1m while the run was not waiting for it") }, "\(early.failures)")
    }

    @Test func testFileMistakesAreDiagnosticsAtTheirLines() throws {
        let loaded = PlaybookTestLoader(catalog: Self.catalog).load(path: Self.fixtures.appendingPathComponent("mistakes.test.yaml").path)
        #expect(!loaded.isRunnable)
        let found = loaded.diagnostics.map { "\($0.mark.line):\($0.mark.column) \($0.code)" }
        #expect(
            found == [
                "4:3 unknown-handler", "6:17 unknown-outcome", "7:17 unknown-output", "8:1 unknown-key", "10:11 unknown-input", "13:32 unknown-step",
                "14:15 bad-value",
            ], "\(loaded.diagnostics.map { "\($0.mark.line):\($0.mark.column) \($0.code) \($0.message)" })")
        #expect(loaded.diagnostics.first { $0.code == "unknown-handler" }?.message.contains("did you mean 'acme.pay'?") == true)
    }
}

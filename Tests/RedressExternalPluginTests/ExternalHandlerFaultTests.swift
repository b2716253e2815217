import Foundation
import RedressExternalPlugin
import RedressPlaybook
import RedressPluginAPI
import Testing

/// Every way a plugin process can misbehave ends as a classified step error with a clear
/// message: never a hang, a crash of Redress, a process left running or unbounded memory.
@Suite struct ExternalHandlerFaultTests {
    let plugins: FaultPlugins

    init() throws {
        plugins = try FaultPlugins()
        #expect(plugins.library.diagnostics.isEmpty, "\(plugins.library.diagnostics)")
    }

    private func failure(_ name: String, _ parameters: [String: Value] = [:]) async throws -> StepError {
        let handler = try plugins.handler(name)
        do {
            let result = try await handler.run(plugins.context(parameters))
            Issue.record("expected a failure, got \(result)")
            return StepError(.fatal, "none")
        } catch let error as StepError {
            return error
        }
    }

    @Test func wellBehavedPluginGetsTheRequestAndItsAnswerIsTyped() async throws {
        let handler = try plugins.handler("fault.ok")
        let result = try await handler.run(plugins.context(["order_id": .string("ORD-1"), "code": .string("424242")]))
        #expect(result == .finished(outcome: "done", output: ["note": .string("fine"), "amount": .decimal(Decimal(string: "12.50")!)]))
        let request = try #require(plugins.file("last-request.json"))
        #expect(request.contains("\"idempotency_key\":\"run-1\\/step\\/1\"") || request.contains("\"idempotency_key\":\"run-1/step/1\""))
        #expect(request.contains("\"order_id\":\"ORD-1\""))
        #expect(request.contains("\"dry_run\":false"))
        #expect(request.contains("\"protocol\":1"))
    }

    @Test func nonZeroExitIsRetryableAndQuotesStderr() async throws {
        let error = try await failure("fault.nonzero")
        #expect(error.kind == .retryable)
        #expect(error.message.contains("exited with status 3"))
        #expect(error.message.contains("cannot reach the risk service"))
    }

    @Test func crashBySignalIsRetryable() async throws {
        let error = try await failure("fault.signal")
        #expect(error.kind == .retryable)
        #expect(error.message.contains("killed by signal 11"))
    }

    @Test func exitZeroWithEmptyOutputIsFatal() async throws {
        let error = try await failure("fault.empty")
        #expect(error.kind == .fatal)
        #expect(error.message.contains("wrote no answer"))
    }

    @Test(arguments: [
        ("fault.garbage", "not one JSON object"), ("fault.truncated", "not one JSON object"), ("fault.invalid_utf8", "not valid UTF-8"),
        ("fault.deep", "not one JSON object"),
    ])
    func brokenJSONIsFatal(_ name: String, _ message: String) async throws {
        let error = try await failure(name)
        #expect(error.kind == .fatal)
        #expect(error.message.contains(message), "\(error.message)")
    }

    @Test func outputLargerThanTheCapKillsThePluginAndIsFatal() async throws {
        let error = try await failure("fault.huge")
        #expect(error.kind == .fatal)
        #expect(error.message.contains("1048576-byte limit"))
    }

    @Test func moreThanAPipeOfOutputAndErrorsIsReadWithoutDeadlock() async throws {
        let handler = try plugins.handler("fault.big_ok")
        let result = try await handler.run(plugins.context())
        guard case .finished("done", let output) = result, case .string(let note)? = output["note"] else {
            Issue.record("unexpected \(result)")
            return
        }
        #expect(note.count == 204_800)
    }

    @Test(arguments: [
        ("fault.undeclared_outcome", "outcome 'maybe', which its manifest does not declare"),
        ("fault.undeclared_output", "output 'surprise', which its manifest does not declare"),
        ("fault.wrong_output_type", "output 'score' that is not an integer"),
    ])
    func answerThatBreaksTheManifestIsFatal(_ name: String, _ message: String) async throws {
        let error = try await failure(name)
        #expect(error.kind == .fatal)
        #expect(error.message.contains(message), "\(error.message)")
    }

    @Test func pluginIgnoringSIGTERMIsKilledAfterTheGracePeriodWhenCancelled() async throws {
        let handler = try plugins.handler("fault.ignores_term")
        let context = plugins.context()
        let started = ContinuousClock.now
        let task = Task { try await handler.run(context) }
        var pid: Int32?
        while pid == nil, ContinuousClock.now - started < .seconds(5) {
            try await Task.sleep(for: .milliseconds(20))
            pid = plugins.file("ignores-term.pid").flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        }
        let child = try #require(pid)
        task.cancel()
        let result = await task.result
        let elapsed = ContinuousClock.now - started
        #expect(throws: StepError.self) { try result.get() }
        // Bounded, not timed: the plugin would sleep forever; 2 s of grace plus scheduling slack.
        #expect(elapsed < .seconds(60), "took \(elapsed)")
        #expect(!isRunning(child))
    }

    @Test func grandchildHoldingStdoutIsKilledAndTheAnswerKept() async throws {
        let handler = try plugins.handler("fault.grandchild")
        let started = ContinuousClock.now
        let result = try await handler.run(plugins.context())
        #expect(result == .outcome("done"))
        // The grandchild sleeps 300 s: returning well before shows nobody waited for it.
        #expect(ContinuousClock.now - started < .seconds(60))
        let pid = try #require(plugins.file("grandchild.pid").flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) })
        #expect(!isRunning(pid))
    }

    @Test func childSeesAScrubbedEnvironmentAndItsPluginFolder() async throws {
        var environment = ProcessInfo.processInfo.environment
        environment["REDRESS_SANDBOX_SECRET"] = "s3cr3t"
        environment["API_TOKEN"] = "tok"
        environment["RISK_URL"] = "http://risk.local"
        let handler = try plugins.handler("fault.environment", environment: environment)
        let result = try await handler.run(plugins.context())
        guard case .finished(_, let output) = result else {
            Issue.record("unexpected \(result)")
            return
        }
        #expect(output["secret"] == .string("unset"))
        #expect(output["token"] == .string("unset"))
        #expect(output["passed"] == .string("http://risk.local"))
        let folder = URL(fileURLWithPath: plugins.folder).resolvingSymlinksInPath().path
        #expect(output["folder"].map { URL(fileURLWithPath: $0.displayText).resolvingSymlinksInPath().path } == folder)
    }

    @Test func retryableErrorAnswerKeepsItsClass() async throws {
        let error = try await failure("fault.error_retryable")
        #expect(error == StepError(.retryable, "busy"))
    }

    @Test func crashOfANonIdempotentSideEffectIsAmbiguous() async throws {
        let error = try await failure("fault.side_effect_crash")
        #expect(error.kind == .ambiguous)
        #expect(error.message.contains("may have acted"))
    }

    @Test func stderrGoesToTheStepLogWithSecretsMasked() async throws {
        let error = try await failure("fault.secret_stderr", ["code": .string("918273")])
        #expect(!error.message.contains("918273"))
        let lines = plugins.logLines.all
        #expect(lines.contains { $0.contains("got {") && $0.contains("‹redacted›") })
        #expect(!lines.contains { $0.contains("918273") })
    }

    @Test func dryRunThatNeverAnswersEndsInErrorWithinTheHandlersTimeout() async throws {
        let handler = try plugins.handler("fault.dry_run_hangs")
        let started = ContinuousClock.now
        let result = await handler.dryRun(plugins.context())
        #expect(result == .outcome("error"))
        #expect(ContinuousClock.now - started < .seconds(60))
        let pid = try #require(plugins.file("dry-run.pid").flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) })
        let deadline = ContinuousClock.now + .seconds(30)
        while isRunning(pid), ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(!isRunning(pid))
    }

    /// swift-subprocess 1.0.2 stopped the host process in exactly this case.
    @Test func pluginThatNeverReadsARequestLargerThanAPipeStillAnswers() async throws {
        let handler = try plugins.handler("fault.ignores_stdin")
        let result = try await handler.run(plugins.context(["blob": .string(String(repeating: "x", count: 300_000))]))
        #expect(result == .outcome("done"))
    }
}
import Foundation
import Logging
import RedressEngine
import RedressExternalPlugin
import RedressFlowPlugin
import RedressPlaybook
import RedressPluginAPI
import Testing

/// External handlers through the engine: the same retries, timeouts, idempotency, dry runs and
/// validation as Swift handlers, with the shipped Python and shell plugins round-tripping.
@Suite struct ExternalHandlerEngineTests {
    static let shippedPlugins = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Plugins")

    static func engine(_ library: PluginLibrary, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Engine {
        var configuration = EngineConfiguration(owner: "test")
        configuration.jitter = { $0 }
        configuration.logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        let external = try ExternalPlugins.handlers(library, environment: environment)
        return Engine(store: InMemoryRunStore(), handlers: try HandlerSet(FlowPlugin.handlers + external), configuration: configuration)
    }

    static func playbook(_ steps: String, inputs: String = "") -> String {
        """
        playbook: external
        title: External handlers
        anomaly: transaction_failed
        \(inputs)
        defaults:
          timeout: 30s
        steps:
        \(steps)
        """
    }

    /// Starts and drives a run to its end or first wait.
    static func run(_ engine: Engine, _ text: String) async throws -> RunState {
        let run = try await engine.start(playbookText: text, path: "external.yaml", inputs: [:])
        return try await engine.drive(run.id)
    }

    /// A copy of one shipped plugin folder (plugins may write into their folder).
    static func copyOfShipped(_ name: String) throws -> String {
        let folder = NSTemporaryDirectory() + "redress-shipped-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: shippedPlugins.appendingPathComponent(name).path, toPath: folder + "/" + name)
        return folder
    }

    @Test func pythonPluginRoundTripsThroughTheEngine() async throws {
        let library = PluginLibrary.load(folders: [try Self.copyOfShipped("risk-score")], builtIn: FlowPlugin.descriptors, environment: ProcessInfo.processInfo.environment)
        #expect(library.diagnostics.isEmpty, "\(library.diagnostics)")
        let text = Self.playbook(
            """
              - id: score
                uses: risk.score
                with:
                  order_id: ORD-1001
                  amount: "6000.00"
                  account_age_days: 3
                on:
                  high: risky
              - id: calm
                uses: flow.finish
                with: {resolution: calm}
              - id: risky
                uses: flow.finish
                with:
                  resolution: "risky ${{ steps.score.output.score }} ${{ steps.score.output.band }}"
            """)
        let run = try await Self.run(Self.engine(library), text)
        #expect(run.status == .completed)
        #expect(run.history.map(\.stepID) == ["score", "calm"])
        #expect(run.resolution == "calm")
        #expect(run.history.first?.outcome == "medium")
        #expect(run.steps["score"]?.output?["score"] == .integer(65))
    }

    @Test func shellPluginFilesOneTicketPerIdempotencyKey() async throws {
        let folder = try Self.copyOfShipped("ticket-queue")
        let library = PluginLibrary.load(folders: [folder], builtIn: [], environment: ProcessInfo.processInfo.environment)
        #expect(library.diagnostics.isEmpty, "\(library.diagnostics)")
        let spec = try #require(library.handlers.first)
        let handler = try ExternalHandler(spec: spec, parentEnvironment: ProcessInfo.processInfo.environment)
        let context = StepContext(
            runID: "run-7", playbookID: "p", stepID: "ticket", attempt: 1, idempotencyKey: "run-7/ticket/1",
            parameters: ["order_id": .string("ORD-7"), "summary": .string("say \"hi\""), "priority": .string("urgent")], clock: SystemRunClock(),
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        let first = try await handler.run(context)
        var retry = context
        retry.attempt = 2
        let second = try await handler.run(retry)
        guard case .finished("opened", let output1) = first, case .finished("opened", let output2) = second else {
            Issue.record("unexpected \(first) \(second)")
            return
        }
        #expect(output1["ticket_id"] == output2["ticket_id"])
        #expect(output1["duplicate"] == .bool(false) && output2["duplicate"] == .bool(true))
        let queue = try String(contentsOfFile: folder + "/ticket-queue/tickets.jsonl", encoding: .utf8)
        #expect(queue.split(separator: "\n").count == 1)
        #expect(queue.contains("say \\\"hi\\\""))
    }

    @Test func retryableErrorsAreRetriedByTheStepPolicy() async throws {
        let plugins = try FaultPlugins()
        let text = Self.playbook(
            """
              - id: flaky
                uses: fault.error_retryable
                retry: {attempts: 3, initial: 10ms, backoff: fixed}
            """)
        let run = try await Self.run(Self.engine(plugins.library), text)
        #expect(run.status == .completed)
        #expect(run.steps["flaky"]?.attempts == 3)
        #expect(plugins.file("attempts.txt")?.trimmingCharacters(in: .whitespacesAndNewlines) == "3")
    }

    @Test func stepTimeoutStopsAPluginThatIgnoresSIGTERM() async throws {
        let plugins = try FaultPlugins()
        let text = Self.playbook(
            """
              - id: stuck
                uses: fault.ignores_term
                timeout: 5s
            """)
        let run = try await Self.run(Self.engine(plugins.library), text)
        #expect(run.status == .failed)
        #expect(run.history.first?.outcome == "timeout")
        let pid = try #require(plugins.file("ignores-term.pid").flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) })
        let deadline = ContinuousClock.now + .seconds(30)
        while isRunning(pid), ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(!isRunning(pid))
    }

    @Test func dryRunStartsNoProcessUnlessTheManifestSaysCall() async throws {
        let folder = try Self.copyOfShipped("ticket-queue")
        let library = PluginLibrary.load(folders: [folder], builtIn: [], environment: ProcessInfo.processInfo.environment)
        let text = Self.playbook(
            """
              - id: ticket
                uses: ticket.open
                with: {order_id: ORD-1, summary: check this}
            """)
        let run = try await Self.engine(library).dryRun(playbookText: text, path: "external.yaml", inputs: [:])
        #expect(run.status == .completed)
        #expect(run.steps["ticket"]?.output?["ticket_id"] == .string("T-DRYRUN"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/ticket-queue/tickets.jsonl"))
    }

    @Test func validatorChecksPlaybooksAgainstTheManifestAtThePlaybooksLine() throws {
        let library = PluginLibrary.load(folders: [Self.shippedPlugins.path], builtIn: FlowPlugin.descriptors, environment: ProcessInfo.processInfo.environment)
        let catalog = try HandlerCatalog(FlowPlugin.descriptors + library.handlers.map(\.descriptor))
        let text = Self.playbook(
            """
              - id: score
                uses: risk.score
                with:
                  order_id: ORD-1
                  amount: lots
                  new_device: maybe
            """)
        let report = PlaybookValidator(catalog: catalog).validate(.init(path: "p.yaml", text: text))
        let found = report.diagnostics.map { "\($0.mark.line):\($0.mark.column) \($0.code)" }
        #expect(found == ["12:15 parameter-type", "13:19 parameter-type"], "\(report.diagnostics)")
        #expect(!report.isRunnable)
    }
}

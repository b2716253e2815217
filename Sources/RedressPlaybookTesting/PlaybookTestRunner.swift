import Foundation
import Logging
import RedressEngine
import RedressPlaybook
import RedressPluginAPI

/// Runs the cases of a playbook test file through the real engine, with every handler that
/// touches the world replaced by its mock, on a virtual clock.
///
/// Contract: only `passthrough` handlers (pure ones such as `flow.*`) run for real; every other
/// handler in the catalog is a `MockHandler` with the real descriptor, so validation, routing,
/// retries, waits, SLAs and identity rules behave exactly as in production. A call with no mock
/// fails its step (and so, usually, the case); nothing is ever sent, paid or refunded.
package struct PlaybookTestRunner: Sendable {
    /// Every handler's spec.
    package let catalog: HandlerCatalog
    /// Handlers that run for real (pure, no I/O).
    package let passthrough: [any StepHandler]

    /// Creates a runner.
    package init(catalog: HandlerCatalog, passthrough: [any StepHandler]) {
        self.catalog = catalog
        self.passthrough = passthrough
    }

    /// Runs the cases of a loaded, runnable file that `include` keeps (by name; all by default).
    package func run(_ loaded: PlaybookTestLoader.Loaded, include: (String) -> Bool = { _ in true }) async -> PlaybookTestFileResult {
        guard let file = loaded.file, let report = loaded.playbook else {
            return PlaybookTestFileResult(path: loaded.source.path, playbookPath: "", cases: [])
        }
        let playbookText = String(decoding: report.source.bytes, as: UTF8.self)
        var results: [PlaybookTestCaseResult] = []
        for testCase in file.cases where include(testCase.name.value) {
            results.append(await run(testCase, shared: file.mocks, playbookText: playbookText, path: report.source.path))
        }
        return PlaybookTestFileResult(path: file.path, playbookPath: report.source.path, cases: results)
    }

    private func run(_ testCase: PlaybookTestCase, shared: [String: MockScript], playbookText: String, path: String) async -> PlaybookTestCaseResult {
        let wallStart = Date()
        let clock = VirtualRunClock()
        let start = clock.now()
        let log = CallLog()
        let scripts = shared.merging(testCase.mocks) { _, own in own }
        let real = Set(passthrough.map(\.descriptor.name))
        let owners = MockOwnerBook()
        let mocks: [any StepHandler] = catalog.descriptors.filter { !real.contains($0.name) }.map {
            MockHandler(descriptor: $0, scripts: scripts, log: log, owners: owners)
        }
        var configuration = EngineConfiguration(owner: "redress-test")
        configuration.owners = owners
        configuration.jitter = { $0 }
        configuration.logger = Logger(label: "redress-test", factory: { _ in SwiftLogNoOpLogHandler() })
        var result = PlaybookTestCaseResult(
            name: testCase.name.value, failures: [], expectedPath: testCase.expect.path?.map(\.description), actualPath: [], status: "pending",
            resolution: nil, messages: [], effects: [], virtualSeconds: 0, wallSeconds: 0)
        do {
            let engine = Engine(store: InMemoryRunStore(), handlers: try HandlerSet(passthrough + mocks), clock: clock, configuration: configuration)
            var run = try await engine.start(playbookText: playbookText, path: path, inputs: testCase.inputs)
            run = try await engine.drive(run.id)
            var pending = testCase.signals[...]
            let horizon = testCase.until.map { start.addingTimeInterval($0.seconds) }
            for _ in 0..<10_000 where [.waiting, .pending, .running].contains(run.status) {
                let nextSignal = pending.first.map { (signal: $0, at: start.addingTimeInterval($0.after.seconds)) }
                if let next = nextSignal, run.wakeAt.map({ next.at <= $0 }) ?? true {
                    if let horizon, next.at > horizon { break }
                    clock.advance(to: next.at)
                    pending.removeFirst()
                    guard run.status == .waiting, run.current?.wait?.signal == next.signal.name else {
                        let waitsFor = run.current?.wait.map { $0.signal.map { "signal '\($0)'" } ?? "a timer" } ?? "nothing"
                        result.failures.append(
                            "signal '\(next.signal.name)' arrived after \(next.signal.after) while the run was not waiting for it "
                                + "(step '\(run.current?.stepID ?? "none")' waited for \(waitsFor)); send it later")
                        break
                    }
                    let signal = ReceivedSignal(name: next.signal.name, value: next.signal.value, sender: next.signal.sender, receivedAt: clock.now())
                    run = try await engine.drive(run.id, signal: signal)
                } else if let wake = run.wakeAt {
                    if let horizon, wake > horizon { break }
                    clock.advance(to: wake)
                    run = try await engine.drive(run.id)
                } else {
                    break
                }
            }
            result.actualPath = run.history.filter { $0.outcome != OutcomeSpec.skipped.name }.map { "\($0.stepID): \($0.outcome)" }
            result.status = run.status.rawValue
            result.resolution = run.resolution
        } catch {
            result.failures.append("the run could not go on: \(error)")
        }
        let calls = log.all
        // A step visit is one message and one effect, however many calls (retries, a wait and its
        // signal) it took: the idempotency key says which calls belong together.
        var seenKeys: Set<String> = []
        let firstCalls = calls.filter { seenKeys.insert($0.idempotencyKey).inserted }
        result.messages = firstCalls.filter(\.descriptor.policy.contactsUser).map(Self.messageText)
        let effectCalls = firstCalls.filter(\.descriptor.policy.hasSideEffects)
        result.effects = effectCalls.map { $0.descriptor.name }
        result.failures += Self.compare(testCase.expect, result, effectCalls: effectCalls)
        result.virtualSeconds = clock.now().timeIntervalSince(start)
        result.wallSeconds = Date().timeIntervalSince(wallStart)
        return result
    }

    /// What the user reads: a message template rendered in every language (English first, then the
    /// others), with the step's values; a handler without templates shows its text parameters.
    static func messageText(_ call: CallLog.Call) -> String {
        if let binding = call.descriptor.messageBinding, let template = call.parameters[binding.template].flatMap(MessageWords.read) {
            var values: [String: Value] = ["order": call.parameters["order_id"] ?? .null]
            if case .object(let given)? = call.parameters[binding.values] { values.merge(given) { _, given in given } }
            do {
                let texts = try MessageWords.renderAll(template, values: values, timeZone: TimeZone(identifier: "Asia/Shanghai") ?? .gmt)
                let order = texts.keys.sorted { first, second in first == "en" || (second != "en" && first < second) }
                return order.compactMap { texts[$0] }.joined(separator: " | ")
            } catch {
                return "(message '\(template.name)' cannot be rendered: \(error))"
            }
        }
        return call.descriptor.parameters.compactMap { spec -> String? in
            // Ids say who and what, not what the user reads.
            guard spec.type == .string, !spec.isSecret, !spec.name.hasSuffix("_id"), let value = call.parameters[spec.name], case .string(let text) = value else { return nil }
            return text
        }.joined(separator: " | ")
    }

    static func compare(_ expect: PlaybookTestExpectation, _ result: PlaybookTestCaseResult, effectCalls: [CallLog.Call]) -> [String] {
        var failures: [String] = []
        if let path = expect.path {
            let matches = path.count == result.actualPath.count
                && zip(path, result.actualPath).allSatisfy { expected, actual in
                    expected.outcome == nil ? actual.hasPrefix(expected.step.value + ":") : actual == expected.description
                }
            if !matches { failures.append("path") }
        }
        if let status = expect.status, status.value != result.status {
            failures.append("status: expected \(status.value), got \(result.status)")
        }
        if let resolution = expect.resolution, resolution != result.resolution {
            failures.append("resolution: expected \"\(resolution)\", got \(result.resolution.map { "\"\($0)\"" } ?? "none")")
        }
        if let messages = expect.messages {
            if messages.count != result.messages.count {
                failures.append("messages: expected \(messages.count), sent \(result.messages.count)" + Self.list(result.messages))
            } else {
                for (index, (part, sent)) in zip(messages, result.messages).enumerated() where !sent.contains(part) {
                    failures.append("message \(index + 1): expected it to contain \"\(part)\", sent \"\(sent)\"")
                }
            }
        }
        if let effects = expect.effects {
            let matches = effects.count == effectCalls.count
                && zip(effects, effectCalls).allSatisfy { expected, call in
                    expected.handler.value == call.descriptor.name && expected.with.allSatisfy { Self.same(call.parameters[$0.key], $0.value) }
                }
            if !matches {
                // Each requested call shows the parameters its expectation names, with the values given.
                let requested = effectCalls.enumerated().map { index, call -> String in
                    let keys = index < effects.count ? effects[index].with.keys.sorted() : []
                    guard !keys.isEmpty else { return call.descriptor.name }
                    let secret = Set(call.descriptor.parameters.filter(\.isSecret).map(\.name))
                    let values = keys.map { key in "\(key)=" + (secret.contains(key) ? "‹redacted›" : call.parameters[key]?.displayText ?? "none") }
                    return call.descriptor.name + "(" + values.joined(separator: ", ") + ")"
                }
                failures.append(
                    "effects: expected [\(effects.map(\.description).joined(separator: ", "))], requested [" + requested.joined(separator: ", ") + "]")
            }
        }
        return failures
    }

    /// Whether a parameter has the value a test wrote: numbers by value (`"128.00"` is `128`),
    /// everything else by its text.
    static func same(_ actual: Value?, _ expected: String) -> Bool {
        guard let actual else { return false }
        switch actual {
        case .decimal(let number): return Decimal(string: expected, locale: Locale(identifier: "en_US_POSIX")) == number
        case .integer(let number): return Decimal(string: expected, locale: Locale(identifier: "en_US_POSIX")) == Decimal(number)
        default: return actual.displayText == expected
        }
    }

    private static func list(_ items: [String]) -> String {
        items.isEmpty ? "" : ": " + items.map { "\"\($0)\"" }.joined(separator: "; ")
    }
}

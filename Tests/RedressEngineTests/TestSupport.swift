import Foundation
import Logging
import RedressEngine
import RedressFlowPlugin
import RedressPlaybook
import RedressPluginAPI
import Synchronization

/// A clock that jumps forward whenever someone sleeps: a day of waits takes no real time.
final class VirtualClock: RunClock {
    private let time = Mutex(Date(timeIntervalSince1970: 1_800_000_000))

    func now() -> Date { time.withLock { $0 } }

    func sleep(until date: Date) async throws {
        time.withLock { $0 = max($0, date) }
    }

    func advance(by seconds: TimeInterval) {
        time.withLock { $0 = $0.addingTimeInterval(seconds) }
    }
}

/// A handler whose behaviour each test writes, with a descriptor made to measure.
struct FakeHandler: StepHandler {
    let descriptor: HandlerDescriptor
    let behaviour: @Sendable (StepContext) async throws -> StepResult

    func dryRun(_ context: StepContext) -> StepResult { .outcome(descriptor.outcomes.first?.name ?? "ok") }

    func run(_ context: StepContext) async throws -> StepResult { try await behaviour(context) }
}

/// Counts real effects by idempotency key, as a wallet would: a second call with the same key
/// returns the first result and does nothing.
final class EffectLedger: Sendable {
    private let state = Mutex<(byKey: [String: Int], calls: Int, keys: [String])>(([:], 0, []))

    /// Applies the effect once per key; returns how many times this key has been applied.
    func apply(key: String) -> Int {
        state.withLock { state in
            state.calls += 1
            state.keys.append(key)
            if state.byKey[key] == nil { state.byKey[key] = 1 }
            return state.byKey[key] ?? 0
        }
    }

    var effects: Int { state.withLock { $0.byKey.values.reduce(0, +) } }
    var calls: Int { state.withLock { $0.calls } }
    var keys: [String] { state.withLock { $0.keys } }
}

enum Fixture {
    static func descriptor(
        _ name: String, outcomes: [OutcomeSpec] = [.success("ok")], parameters: [ParameterSpec] = [], policy: HandlerPolicy = .pure,
        businessKey: BusinessKey? = nil
    ) -> HandlerDescriptor {
        HandlerDescriptor(name: name, summary: "test handler", parameters: parameters, outcomes: outcomes, policy: policy, businessKey: businessKey)
    }

    static func engine(
        _ handlers: [any StepHandler], store: any RunStore = InMemoryRunStore(), clock: any RunClock = VirtualClock(), owner: String = "test",
        leaseDuration: TimeInterval = 300, stop: StopRequest = StopRequest()
    ) throws -> Engine {
        var configuration = EngineConfiguration(owner: owner)
        configuration.stop = stop
        configuration.jitter = { $0 }
        configuration.leaseDuration = leaseDuration
        configuration.logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        return Engine(store: store, handlers: try HandlerSet(FlowPlugin.handlers + handlers), clock: clock, configuration: configuration)
    }

    static func playbook(_ steps: String, finally: String = "", sla: String = "", inputs: String = "") -> String {
        """
        playbook: test
        title: Test
        anomaly: transaction_failed
        \(inputs)
        \(sla)
        defaults:
          timeout: 30s
        steps:
        \(steps)
        \(finally)
        """
    }
}

import Foundation
import Logging
import RedressEngine
import RedressStoreCodec
import RedressFlowPlugin
import RedressPlaybook
import RedressPluginAPI
import RedressSQLiteStore

/// `redress-bench engine`: per-step overhead in memory and the memory of 100,000 parked runs
/// (durable throughput is `redress-bench durable`).
enum EngineBenchmark {
    struct Noop: StepHandler {
        let descriptor: HandlerDescriptor
        func dryRun(_ context: StepContext) -> StepResult { .outcome("ok") }
        func run(_ context: StepContext) async throws -> StepResult { .outcome("ok") }
    }

    static let pure = Noop(
        descriptor: HandlerDescriptor(name: "bench.noop", summary: "does nothing", outcomes: [.success("ok")], policy: HandlerPolicy(isInstant: true)))
    static let timed = Noop(descriptor: HandlerDescriptor(name: "bench.timed", summary: "does nothing, under a timeout", outcomes: [.success("ok")]))
    static let effect = Noop(
        descriptor: HandlerDescriptor(
            name: "bench.effect", summary: "pretends to change the world", outcomes: [.success("ok")],
            policy: HandlerPolicy(hasSideEffects: true, isIdempotent: true)))

    /// Reports the order's owner (instant and pure, like a cached order lookup).
    struct Owner: StepHandler {
        let descriptor = HandlerDescriptor(
            name: "bench.owner", summary: "reports the order's owner", parameters: [ParameterSpec("order_id", .string, required: true)],
            outputs: [FieldSpec("user_id", .string)], outcomes: [.success("found")], policy: HandlerPolicy(isInstant: true),
            identityProof: .reportsOwner(order: "order_id", user: "user_id"))
        func dryRun(_ context: StepContext) -> StepResult { .finished(outcome: "found", output: ["user_id": .string(EngineBenchmark.user)]) }
        func run(_ context: StepContext) async throws -> StepResult { dryRun(context) }
    }

    /// Verifies the user and issues a proof, as a wallet's 2FA check does.
    struct Verify: StepHandler {
        let descriptor = HandlerDescriptor(
            name: "bench.verify", summary: "verifies the user (a second factor)",
            parameters: [ParameterSpec("user_id", .string, required: true), ParameterSpec("order_id", .string, required: true)],
            outputs: [FieldSpec("proof", .string, secret: true), FieldSpec("proof_expires_at", .timestamp)], outcomes: [.success("verified")],
            policy: HandlerPolicy(hasSideEffects: true, verifiesIdentityOn: ["verified"], isIdempotent: true),
            identityProof: .issues(proof: "proof", expiresAt: "proof_expires_at", user: "user_id", order: "order_id"))
        func dryRun(_ context: StepContext) -> StepResult { .outcome("verified") }
        func run(_ context: StepContext) async throws -> StepResult {
            .finished(
                outcome: "verified",
                output: ["proof": .string("prf_\(UInt64.random(in: 0...UInt64.max))"), "proof_expires_at": .timestamp(context.clock.now().addingTimeInterval(3_600))])
        }
    }

    /// Moves money: its proof is checked, and its intent and result records are synced (`FULL`)
    /// like a refund's.
    static let pay = Noop(
        descriptor: HandlerDescriptor(
            name: "bench.pay", summary: "pretends to refund",
            parameters: [ParameterSpec("order_id", .string, required: true), ParameterSpec("proof", .string, required: true, secret: true)],
            outcomes: [.success("ok")], policy: HandlerPolicy(movesMoney: true, isIdempotent: true), businessKey: BusinessKey(["order_id"]),
            identityProof: .requires(proof: "proof", order: "order_id")))

    /// Every benchmark order's owner.
    static let user = "u-bench"

    struct Owners: OrderOwnerLookup {
        func owner(ofOrder order: String) async throws -> String? { EngineBenchmark.user }
    }

    static func playbook(steps: Int, handler: String) -> String {
        playbook(steps: steps, cycling: [handler])
    }

    static func engine(_ store: any RunStore, owner: String = "bench") throws -> Engine {
        var configuration = EngineConfiguration(owner: owner)
        configuration.logger = Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() })
        configuration.owners = Owners()
        return Engine(store: store, handlers: try HandlerSet(FlowPlugin.handlers + [pure, timed, effect, Owner(), Verify(), pay]), configuration: configuration)
    }

    static func run() async throws {
        let parked = ProcessInfo.processInfo.environment["REDRESS_BENCH_PARKED"].flatMap(Int.init) ?? 100_000
        // Alone in a fresh process, the parked-runs figure is not inflated by the other phases.
        if ProcessInfo.processInfo.environment["REDRESS_BENCH_ONLY_PARKED"] != nil { return try await parkedRuns(count: parked) }
        try await stepOverhead()
        if ProcessInfo.processInfo.environment["REDRESS_BENCH_ONLY_OVERHEAD"] != nil { return }
        try await parkedRuns(count: parked)
    }

    private static func stepOverhead() async throws {
        let context = StepContext(
            runID: "r", playbookID: "p", stepID: "s", attempt: 1, idempotencyKey: "k", parameters: [:], clock: SystemRunClock(),
            logger: Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() }))
        let runs = ProcessInfo.processInfo.environment["REDRESS_BENCH_OVERHEAD_RUNS"].flatMap(Int.init) ?? 400
        let steps = 50
        let baselineStart = CPUClock.now()
        for _ in 0..<(runs * steps) { _ = try await pure.run(context) }
        let baseline = (CPUClock.now() - baselineStart) / Double(runs * steps)
        let onlyKind = ProcessInfo.processInfo.environment["REDRESS_BENCH_KIND"]
        for (label, handler) in [("instant handler", "bench.noop"), ("handler under a timeout", "bench.timed")] where onlyKind == nil || onlyKind == handler {
            // Five rounds: the best shows the engine's own cost, the median what a busy machine adds.
            var rounds: [Double] = []
            for _ in 0..<5 {
                let engine = try engine(InMemoryRunStore())
                let text = playbook(steps: steps, handler: handler)
                var ids: [String] = []
                for _ in 0..<runs { ids.append(try await engine.start(playbookText: text, path: "bench.yaml", inputs: [:]).id) }
                let start = CPUClock.now()
                for id in ids { _ = try await engine.drive(id) }
                rounds.append((CPUClock.now() - start) / Double(runs * steps))
            }
            rounds.sort()
            print(
                "engine, in memory, \(label): \(YAMLBenchmark.format(rounds[0] * 1e6, digits: 2)) µs CPU per step, best of 5 rounds (median "
                    + "\(YAMLBenchmark.format(rounds[2] * 1e6, digits: 2)) µs; bare handler call \(YAMLBenchmark.format(baseline * 1e6, digits: 3)) µs; target <= 5 µs)")
        }
    }

    /// A run's steps: `handlers[i % count]` for step `i`; a verification verifies the owner the
    /// last order lookup reported, and a payment passes the last verification's proof.
    static func playbook(steps: Int, cycling handlers: [String]) -> String {
        var text = "playbook: bench\ntitle: Bench\nanomaly: transaction_failed\ndefaults:\n  timeout: 30s\nsteps:\n"
        var lookup = 0
        var verifier = 0
        for index in 0..<steps {
            let handler = handlers[index % handlers.count]
            text += "  - id: s\(index)\n    uses: \(handler)\n"
            switch handler {
            case "bench.owner":
                text += "    with: {order_id: ORD-1}\n"
                lookup = index
            case "bench.verify":
                text += "    with: {user_id: \"${{ steps.s\(lookup).output.user_id }}\", order_id: ORD-1}\n"
                verifier = index
            case "bench.pay":
                text += "    with: {order_id: ORD-1, proof: \"${{ steps.s\(verifier).output.proof }}\"}\n"
            default:
                break
            }
        }
        return text
    }

    private static func parkedRuns(count: Int) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("redress-bench-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let engine = try engine(try SQLiteRunStore(directory: directory))
        let text = """
            playbook: parked
            title: Parked
            anomaly: funds_frozen
            defaults:
              timeout: 30s
            steps:
              - id: ask
                uses: flow.await
                with: {signal: otp, deadline: 24h}
            """
        let before = peakResidentMegabytes()
        let start = Date()
        for _ in 0..<count {
            _ = try await engine.drive(try await engine.start(playbookText: text, path: "parked.yaml", inputs: [:]).id)
        }
        let parked = try await engine.store.list(status: .waiting, limit: count + 1).count
        print("engine, \(parked) parked runs in SQLite: peak RSS \(peakResidentMegabytes()) MB (\(before) MB before), \(Int(Date().timeIntervalSince(start))) s to create (target < 200 MB)")
    }

    static func peakResidentMegabytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Int(usage.ru_maxrss / 1_024)
    }
}

/// Encodings of a run state side by side (kept: it decides the state format).
enum StateEncodingProbe {
    static func run() async throws {
        let engine = try EngineBenchmark.engine(InMemoryRunStore())
        let run = try await engine.start(playbookText: EngineBenchmark.playbook(steps: 6, handler: "bench.noop"), path: "bench.yaml", inputs: [:])
        var state = try await engine.drive(run.id)
        state.playbookText = ""
        let json = JSONEncoder()
        let plist = PropertyListEncoder()
        plist.outputFormat = .binary
        let jsonTime = CPUClock.measure(minimum: 0.3) { for _ in 0..<100 { _ = try? json.encode(state) } } / 100
        let plistTime = CPUClock.measure(minimum: 0.3) { for _ in 0..<100 { _ = try? plist.encode(state) } } / 100
        let jsonSize = ((try? json.encode(state)) ?? Data()).count
        let plistSize = ((try? plist.encode(state)) ?? Data()).count
        print("state encoding: JSON \(YAMLBenchmark.format(jsonTime * 1e6)) µs (\(jsonSize) B), binary plist \(YAMLBenchmark.format(plistTime * 1e6)) µs (\(plistSize) B)")
        let stored = StoredJSON.encode(state)
        let decoder = JSONDecoder()
        let storedTime = CPUClock.measure(minimum: 0.3) { for _ in 0..<100 { _ = StoredJSON.encode(state) } } / 100
        let decodeTime = CPUClock.measure(minimum: 0.3) { for _ in 0..<100 { _ = try? decoder.decode(RunState.self, from: stored) } } / 100
        let readTime = CPUClock.measure(minimum: 0.3) { for _ in 0..<100 { _ = try? StoredJSON.decodeRunState(stored) } } / 100
        print(
            "state as stored (\(stored.count) B): StoredJSON encode \(YAMLBenchmark.format(storedTime * 1e6)) µs, decode \(YAMLBenchmark.format(readTime * 1e6)) µs; "
                + "JSONDecoder decode \(YAMLBenchmark.format(decodeTime * 1e6)) µs (ratio \(YAMLBenchmark.format(readTime / decodeTime, digits: 2)))")
    }
}

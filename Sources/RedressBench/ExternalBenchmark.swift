import Foundation
import Logging
import RedressEngine
import RedressExternalPlugin
import RedressFlowPlugin
import RedressPlaybook
import RedressPluginAPI

/// `redress-bench external`: what a step costs when its handler is a process (start, JSON
/// request and answer, reaping), beside the same step with an in-process handler and beside a
/// bare `posix_spawn` of `/bin/true`, all wall time in this process.
enum ExternalBenchmark {
    static let manifest = """
        plugin: bench
        handlers:
          bench.sh:
            summary: A trivial POSIX sh plugin.
            command: [/bin/sh, -c, 'read -r _; echo "{\\"outcome\\": \\"ok\\"}"']
            outcomes: {ok: success}
          bench.python:
            summary: A trivial Python plugin.
            command: [python3, -c, 'import json, sys; json.load(sys.stdin); print(json.dumps({"outcome": "ok"}))']
            outcomes: {ok: success}
        """

    static func run() async throws {
        let folder = NSTemporaryDirectory() + "redress-bench-plugins-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try manifest.write(toFile: folder + "/plugin.yaml", atomically: true, encoding: .utf8)
        let environment = ProcessInfo.processInfo.environment
        let library = PluginLibrary.load(folders: [folder], builtIn: [], environment: environment)
        guard library.diagnostics.isEmpty else { throw BenchmarkError(message: "\(library.diagnostics)") }
        var configuration = EngineConfiguration(owner: "bench")
        configuration.logger = Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() })
        let handlers = try HandlerSet(FlowPlugin.handlers + [EngineBenchmark.timed] + ExternalPlugins.handlers(library, environment: environment))
        let engine = Engine(store: InMemoryRunStore(), handlers: handlers, configuration: configuration)

        let inProcess = try await wallPerStep(engine, handler: "bench.timed", steps: 2_000)
        var spawns: [Double] = []
        for _ in 0..<200 { if let seconds = SpawnTimer.time("/bin/true", []) { spawns.append(seconds) } }
        let bareSpawn = spawns.sorted()[spawns.count / 2]
        print("in-process handler under a timeout: \(YAMLBenchmark.format(inProcess * 1e6, digits: 1)) µs per step wall (baseline)")
        print("bare posix_spawn + waitpid of /bin/true: \(YAMLBenchmark.format(bareSpawn * 1e3, digits: 2)) ms median")
        for (label, handler, steps) in [("POSIX sh", "bench.sh", 300), ("Python 3", "bench.python", 40)] {
            let perStep = try await wallPerStep(engine, handler: handler, steps: steps)
            print(
                "external handler, trivial \(label) plugin: \(YAMLBenchmark.format(perStep * 1e3, digits: 2)) ms per step wall, "
                    + "\(Int(perStep / inProcess))x the in-process step, \(YAMLBenchmark.format(perStep / bareSpawn, digits: 1))x a bare spawn")
        }
    }

    private static func wallPerStep(_ engine: Engine, handler: String, steps: Int) async throws -> Double {
        let perRun = 20
        let text = EngineBenchmark.playbook(steps: perRun, handler: handler)
        let runs = max(1, steps / perRun)
        let start = Date()
        for _ in 0..<runs {
            let run = try await engine.start(playbookText: text, path: "bench.yaml", inputs: [:])
            let ended = try await engine.drive(run.id)
            guard ended.status == .completed else { throw BenchmarkError(message: "\(handler): run ended \(ended.status)") }
        }
        return Date().timeIntervalSince(start) / Double(runs * perRun)
    }
}

struct BenchmarkError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

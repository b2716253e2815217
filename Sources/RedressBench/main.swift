#if canImport(Glibc)
import Glibc
#endif

// `swift run -c release redress-bench [yaml]`: prints throughput figures as ratios against a
// baseline measured in the same process, so machines of different speeds compare fairly.
let suites: [String: () async throws -> Void] = [
    "yaml": { YAMLBenchmark.run() }, "validate": { ValidateBenchmark.run() }, "engine": { try await EngineBenchmark.run() },
    "encoding": { try await StateEncodingProbe.run() }, "external": { try await ExternalBenchmark.run() }, "store": { try await StoreBenchmark.run() },
    "intake": { try await IntakeBenchmark.run() }, "gateway": { try await GatewayBenchmark.run() }, "durable": { try await DurableBenchmark.run() },
    "api": { try await APIBenchmark.run() },
]
// A worker process of `durable` (it starts copies of this program): `durable-worker URL CONCURRENCY`.
if CommandLine.arguments.count == 4, CommandLine.arguments[1] == "durable-worker", let concurrency = Int(CommandLine.arguments[3]) {
    do {
        try await DurableBenchmark.workerMain(url: CommandLine.arguments[2], concurrency: concurrency)
        exit(0)
    } catch {
        print("durable-worker: \(error)")
        exit(1)
    }
}
let requested = CommandLine.arguments.dropFirst()
let names = requested.isEmpty ? suites.keys.sorted() : Array(requested)
for name in names {
    guard let suite = suites[name] else {
        print("unknown benchmark '\(name)'; known: \(suites.keys.sorted().joined(separator: ", "))")
        exit(2)
    }
    print("== \(name)")
    do {
        try await suite()
    } catch {
        print("error: \(error)")
        exit(1)
    }
}

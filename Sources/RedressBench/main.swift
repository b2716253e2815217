#if canImport(Glibc)
import Glibc
#endif

// `swift run -c release redress-bench [yaml]`: prints throughput figures as ratios against a
// baseline measured in the same process, so machines of different speeds compare fairly.
let suites: [String: () async throws -> Void] = [
    "yaml": { YAMLBenchmark.run() }, "validate": { ValidateBenchmark.run() }, "engine": { try await EngineBenchmark.run() },
    "encoding": { try await StateEncodingProbe.run() }, "external": { try await ExternalBenchmark.run() }, "store": { try await StoreBenchmark.run() },
    "intake": { try await IntakeBenchmark.run() }, "gateway": { try await GatewayBenchmark.run() },
]
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

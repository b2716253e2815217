import Foundation
import RedressDiagnostics
import RedressFlowPlugin
import RedressPlaybook
import RedressWalletAPI
import RedressWalletPlugin
import RedressYAML

/// `redress-bench validate`: decode + validate throughput beside the raw libyaml loop, one
/// `redress validate` process on one playbook, and 1,000 playbooks in one process.
enum ValidateBenchmark {
    static func run() {
        guard let catalog = try? HandlerCatalog(FlowPlugin.descriptors + WalletPlugin.descriptors) else {
            print("error: the built-in handlers have a duplicate name")
            return
        }
        var options = YAMLParserOptions()
        options.maxFileSize = 64 << 20
        let validator = PlaybookValidator(catalog: catalog, parser: YAMLParser(options: options))
        // Alone, for profiling the measure.
        if ProcessInfo.processInfo.environment["REDRESS_BENCH_ONLY_SHIPPED"] != nil { return shippedCopies(validator) }
        let large = ValidCorpusGenerator.playbook(id: "bench-large", steps: 1_000, noteLines: 40)
        let largeSource = SourceFile(path: "large.yaml", bytes: large)
        let small = (0..<1_000).map { ValidCorpusGenerator.playbook(id: "bench-\($0)", steps: 2, noteLines: 0) }
        let smallSources = small.enumerated().map { SourceFile(path: "small-\($0.offset).yaml", bytes: $0.element) }
        let smallBytes = small.reduce(0) { $0 + $1.count }
        let problems = validator.validate(largeSource).diagnostics + smallSources.flatMap { validator.validate($0).diagnostics }
        guard problems.isEmpty else {
            print("error: the generated corpus does not validate cleanly: \(problems.prefix(3))")
            return
        }
        print("corpus: large playbook \(YAMLBenchmark.megabytes(large.count)) MB (1,000 steps); 1,000 playbooks of \(smallBytes / small.count) bytes")

        let raw = CPUClock.measure { _ = YAMLEventBaseline.countEvents(in: large) }
        let full = CPUClock.measure { _ = validator.validate(largeSource) }
        let rawMBs = Double(large.count) / raw / 1e6
        let fullMBs = Double(large.count) / full / 1e6
        print("large playbook:")
        print("  libyaml event loop (baseline)   \(YAMLBenchmark.format(rawMBs)) MB/s CPU")
        print("  parse + decode + validate       \(YAMLBenchmark.format(fullMBs)) MB/s CPU  ratio \(YAMLBenchmark.format(fullMBs / rawMBs, digits: 2)) (target >= 28 MB/s)")

        let wallStart = Date()
        let cpuStart = CPUClock.now()
        for source in smallSources { _ = validator.validate(source) }
        let cpu = CPUClock.now() - cpuStart
        let wall = Date().timeIntervalSince(wallStart)
        print("1,000 playbooks in one process: \(YAMLBenchmark.format(wall * 1_000)) ms wall, \(YAMLBenchmark.format(cpu * 1_000)) ms CPU (target < 500 ms)")
        let parseOnly = CPUClock.measure(minimum: 0.3) { for source in smallSources { _ = validator.parser.parseDocument(source, requireMapping: true) } }
        let rawOnly = CPUClock.measure(minimum: 0.3) { for bytes in small { _ = YAMLEventBaseline.countEvents(in: bytes) } }
        print("  of which libyaml events \(YAMLBenchmark.format(rawOnly * 1_000)) ms, node layer \(YAMLBenchmark.format((parseOnly - rawOnly) * 1_000)) ms, decode + checks \(YAMLBenchmark.format((cpu - parseOnly) * 1_000)) ms")

        shippedCopies(validator)
        processTimes()
    }

    /// The measure: 1,000 copies of the largest shipped playbook (comments and all) in one
    /// process, beside libyaml's own event loop on the same bytes.
    private static func shippedCopies(_ validator: PlaybookValidator) {
        let folder = "Playbooks"
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".yaml") && PlaybookFiles.isPlaybook($0) }
        guard let largest = files.max(by: { size("\(folder)/\($0)") < size("\(folder)/\($1)") }),
            let bytes = FileManager.default.contents(atPath: "\(folder)/\(largest)").map(Array.init)
        else {
            print("shipped copies: skipped (run from the repository root)")
            return
        }
        let triage = TriageLoader.load(path: "\(folder)/\(TriageLoader.fileName)").usableRules
        let checking = PlaybookValidator(catalog: validator.catalog, parser: validator.parser, triage: triage)
        let sources = (0..<1_000).map { SourceFile(path: "copy-\($0)-\(largest)", bytes: bytes) }
        guard checking.validate(sources[0]).diagnostics.isEmpty else {
            print("shipped copies: \(largest) does not validate cleanly")
            return
        }
        let full = CPUClock.measure(minimum: 1) { for source in sources { _ = checking.validate(source) } }
        let raw = CPUClock.measure(minimum: 1) { for _ in sources { _ = YAMLEventBaseline.countEvents(in: bytes) } }
        print(
            "1,000 copies of \(largest) (\(bytes.count) bytes): \(YAMLBenchmark.format(full * 1_000)) ms CPU to validate, "
                + "libyaml's event loop \(YAMLBenchmark.format(raw * 1_000)) ms, ratio \(YAMLBenchmark.format(full / raw, digits: 1)) (target < 400 ms)")
    }

    private static func size(_ path: String) -> Int { (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0 }

    /// Spawns the `redress` built beside this benchmark on one shipped playbook, 21 times.
    private static func processTimes() {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("redress")
        let playbook = "Playbooks/transaction-failed.yaml"
        guard FileManager.default.isExecutableFile(atPath: binary.path), FileManager.default.fileExists(atPath: playbook) else {
            print("one process: skipped (build `redress` in the same configuration and run from the repository root)")
            return
        }
        var times: [Double] = []
        for _ in 0..<21 {
            guard let seconds = SpawnTimer.time(binary.path, ["validate", playbook]) else {
                print("one process: `redress validate \(playbook)` failed")
                return
            }
            times.append(seconds)
        }
        times.sort()
        print("one `redress validate` process on one playbook: median \(YAMLBenchmark.format(times[10] * 1_000)) ms wall, fastest \(YAMLBenchmark.format(times[0] * 1_000)) ms (target <= 20 ms)")
    }
}

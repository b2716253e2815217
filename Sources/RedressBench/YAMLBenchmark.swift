import RedressDiagnostics
import RedressYAML

/// `redress-bench yaml`: libyaml's raw event loop against the node layer on the same corpus.
enum YAMLBenchmark {
    static func run() {
        let large = ValidCorpusGenerator.playbook(id: "bench-large", steps: 1_000, noteLines: 32)
        let small = (0..<1_000).map { ValidCorpusGenerator.playbook(id: "bench-\($0)", steps: 2, noteLines: 0) }
        let smallBytes = small.reduce(0) { $0 + $1.count }
        print("corpus: large document \(megabytes(large.count)) MB; \(small.count) small playbooks, \(smallBytes / small.count) bytes each")

        var options = YAMLParserOptions()
        options.maxFileSize = 64 << 20
        let parser = YAMLParser(options: options)
        let largeSource = SourceFile(path: "large.yaml", bytes: large)
        let smallSources = small.enumerated().map { SourceFile(path: "small-\($0.offset).yaml", bytes: $0.element) }
        guard parser.parseDocument(largeSource).isValid, smallSources.allSatisfy({ parser.parseDocument($0).isValid }) else {
            print("error: the generated corpus does not parse cleanly")
            return
        }

        let rawLarge = CPUClock.measure { _ = YAMLEventBaseline.countEvents(in: large) }
        let nodesLarge = CPUClock.measure { _ = parser.parseDocument(largeSource) }
        let rawSmall = CPUClock.measure { for bytes in small { _ = YAMLEventBaseline.countEvents(in: bytes) } }
        let nodesSmall = CPUClock.measure { for source in smallSources { _ = parser.parseDocument(source) } }

        report("large document", bytes: large.count, baseline: rawLarge, measured: nodesLarge)
        report("1,000 small playbooks", bytes: smallBytes, baseline: rawSmall, measured: nodesSmall)
    }

    private static func report(_ name: String, bytes: Int, baseline: Double, measured: Double) {
        let raw = Double(bytes) / baseline / 1e6
        let nodes = Double(bytes) / measured / 1e6
        print("\(name):")
        print("  libyaml event loop (baseline)  \(format(raw)) MB/s CPU")
        print("  node layer                     \(format(nodes)) MB/s CPU  ratio \(format(nodes / raw, digits: 2)) (target >= 0.65)")
    }

    static func megabytes(_ bytes: Int) -> String { format(Double(bytes) / 1e6) }

    static func format(_ value: Double, digits: Int = 1) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        return String(rounded)
    }
}

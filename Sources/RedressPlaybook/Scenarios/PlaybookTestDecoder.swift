import RedressDiagnostics
import RedressYAML

/// Turns a parsed `*.test.yaml` into a `PlaybookTestFile`, reporting every schema problem with
/// the playbook diagnostics (unknown keys with suggestions, wrong types, bad durations).
///
/// Contract: decodes as much as it can and collects every diagnostic; references to the
/// playbook and its handlers are checked afterwards by `PlaybookTestChecker`.
package struct PlaybookTestDecoder {
    private var reader: NodeReader

    static let topLevelKeys = ["playbook", "fixtures", "mocks", "cases"]
    static let caseKeys = ["name", "inputs", "mocks", "signals", "until", "expect"]
    static let expectKeys = ["path", "status", "resolution", "messages", "effects"]
    static let answerKeys = ["outcome", "output", "error", "message", "wait", "deadline", "at_deadline"]
    static let signalKeys = ["after", "name", "value", "from"]

    /// Creates a decoder for a document read from `source`.
    package init(source: SourceFile) {
        reader = NodeReader(source: source)
    }

    /// The diagnostics found while decoding.
    package var diagnostics: [Diagnostic] { reader.sink.diagnostics }

    /// Decodes the document's root mapping.
    package mutating func decode(_ document: YAMLDocument) -> PlaybookTestFile? {
        let root = document.root
        guard let top = reader.mapping(root, "a playbook test file", allowed: Self.topLevelKeys, aliases: ["tests": "cases", "case": "cases"])
        else { return nil }
        reader.require(["playbook", "cases"], in: top, of: root, "a playbook test file")
        let playbook = top["playbook"].flatMap { reader.string($0.value, "playbook (the file under test)") }
        let mocks = top["mocks"].map { decodeMocks($0.value) } ?? [:]
        var cases: [PlaybookTestCase] = []
        if let node = top["cases"]?.value {
            if node.resolved.kind == .sequence, node.childCount > 0 {
                cases = node.elements.compactMap { decodeCase($0) }
            } else {
                reader.sink.error(.wrongType, "cases must be a list of cases ('- name: ...')", at: node)
            }
        }
        guard let playbook else { return nil }
        return PlaybookTestFile(path: root.mark.file, playbook: playbook, mocks: mocks, cases: cases)
    }

    private mutating func decodeCase(_ node: YAMLNode) -> PlaybookTestCase? {
        guard let entries = reader.mapping(node, "a case", allowed: Self.caseKeys, aliases: ["given": "inputs", "then": "expect", "expected": "expect"])
        else { return nil }
        reader.require(["name", "expect"], in: entries, of: node, "a case")
        let name = entries["name"].flatMap { reader.string($0.value, "name") }
        var inputs: [String: Value] = [:]
        if let inputsNode = entries["inputs"]?.value {
            if inputsNode.resolved.kind == .mapping {
                for entry in inputsNode.entries {
                    guard let key = reader.string(entry.key, "an input name") else { continue }
                    inputs[key.value] = LiteralValue.from(entry.value)
                }
            } else {
                reader.sink.error(.wrongType, "inputs must map input names to values", at: inputsNode)
            }
        }
        let mocks = entries["mocks"].map { decodeMocks($0.value) } ?? [:]
        let signals = entries["signals"].map { decodeSignals($0.value) } ?? []
        let until = entries["until"].flatMap { reader.duration($0.value, "until") }?.value
        let expect = entries["expect"].map { decodeExpectation($0.value) } ?? PlaybookTestExpectation(path: nil, status: nil, resolution: nil, messages: nil, effects: nil)
        guard let name else { return nil }
        return PlaybookTestCase(name: name, inputs: inputs, mocks: mocks, signals: signals.sorted { $0.after < $1.after }, until: until, expect: expect)
    }

    // MARK: Mocks

    private mutating func decodeMocks(_ node: YAMLNode) -> [String: MockScript] {
        guard node.resolved.kind == .mapping else {
            reader.sink.error(.wrongType, "mocks must map handler names or step ids to answers", at: node)
            return [:]
        }
        var scripts: [String: MockScript] = [:]
        for entry in node.entries {
            guard let key = reader.string(entry.key, "a handler name or step id") else { continue }
            let items = entry.value.resolved.kind == .sequence ? entry.value.elements : [entry.value]
            let answers = items.compactMap { decodeAnswer($0) }
            if items.isEmpty { reader.sink.error(.missingKey, "a mock needs at least one answer", at: entry.value) }
            scripts[key.value] = MockScript(key: key, answers: answers)
        }
        return scripts
    }

    private mutating func decodeAnswer(_ node: YAMLNode) -> MockAnswer? {
        guard let entries = reader.mapping(node, "a mocked answer", allowed: Self.answerKeys) else { return nil }
        let kinds = ["outcome", "error", "wait"].filter { entries[$0] != nil }
        guard kinds.count == 1 else {
            reader.sink.error(.missingKey, "a mocked answer has exactly one of 'outcome', 'error' or 'wait'", at: node)
            return nil
        }
        switch kinds[0] {
        case "outcome":
            guard let outcome = entries["outcome"].flatMap({ reader.string($0.value, "outcome") }) else { return nil }
            var output: [String: Value] = [:]
            if let outputNode = entries["output"]?.value {
                if case .object(let fields) = LiteralValue.from(outputNode) {
                    output = fields
                } else {
                    reader.sink.error(.wrongType, "output must map output names to values", at: outputNode)
                }
            }
            return .outcome(outcome, output: output)
        case "error":
            guard let errorNode = entries["error"]?.value, let kind = reader.string(errorNode, "error class") else { return nil }
            guard ["retryable", "fatal", "ambiguous", "timeout"].contains(kind.value) else {
                reader.sink.error(.badValue, "error class must be retryable, fatal, ambiguous or timeout, not '\(kind.value)'", at: errorNode)
                return nil
            }
            let message = entries["message"].flatMap { reader.string($0.value, "message") }?.value ?? "mocked \(kind.value) error"
            return .error(kind: kind.value, message: message)
        default:
            guard let signalNode = entries["wait"]?.value, let signal = reader.string(signalNode, "wait (a signal name, or 'timer')") else { return nil }
            let deadline = entries["deadline"].flatMap { reader.duration($0.value, "deadline") }?.value ?? .seconds(600)
            let atDeadline = entries["at_deadline"].flatMap { reader.string($0.value, "at_deadline") } ?? Located("expired", at: signalNode.mark)
            return .wait(signal: signal.value == "timer" ? nil : signal.value, deadline: deadline, deadlineOutcome: atDeadline)
        }
    }

    private mutating func decodeSignals(_ node: YAMLNode) -> [ScheduledSignal] {
        guard node.resolved.kind == .sequence else {
            reader.sink.error(.wrongType, "signals must be a list ('- {after: 2m, name: otp, value: \"123456\"}')", at: node)
            return []
        }
        return node.elements.compactMap { item in
            guard let entries = reader.mapping(item, "a signal", allowed: Self.signalKeys, aliases: ["at": "after", "by": "from", "sender": "from"])
            else { return nil }
            reader.require(["name", "value"], in: entries, of: item, "a signal")
            let after = entries["after"].flatMap { reader.duration($0.value, "after") }?.value ?? .seconds(0)
            guard let name = entries["name"].flatMap({ reader.string($0.value, "name") }),
                let value = entries["value"].flatMap({ reader.string($0.value, "value") })
            else { return nil }
            let sender = entries["from"].flatMap { reader.string($0.value, "from") }?.value ?? "user"
            return ScheduledSignal(after: after, name: name.value, value: value.value, sender: sender)
        }
    }

    // MARK: Expectations

    private mutating func decodeExpectation(_ node: YAMLNode) -> PlaybookTestExpectation {
        guard let entries = reader.mapping(node, "expect", allowed: Self.expectKeys, aliases: ["steps": "path", "outcome": "status"]) else {
            return PlaybookTestExpectation(path: nil, status: nil, resolution: nil, messages: nil, effects: nil)
        }
        let path = entries["path"].map { decodePath($0.value) }
        let status = entries["status"].flatMap { reader.string($0.value, "status") }
        let resolution = entries["resolution"].flatMap { reader.string($0.value, "resolution") }?.value
        let messages = entries["messages"].map { node in node.value.resolved.kind == .sequence ? node.value.elements.compactMap { reader.string($0, "a message")?.value } : listError(node.value, "messages") }
        let effects = entries["effects"].map { decodeEffects($0.value) }
        return PlaybookTestExpectation(path: path, status: status, resolution: resolution, messages: messages, effects: effects)
    }

    private mutating func listError(_ node: YAMLNode, _ what: String) -> [String] {
        reader.sink.error(.wrongType, "\(what) must be a list", at: node)
        return []
    }

    private mutating func decodePath(_ node: YAMLNode) -> [PlaybookTestExpectation.PathStep] {
        guard node.resolved.kind == .sequence else {
            reader.sink.error(.wrongType, "path must be a list of steps ('- check: found' or '- check')", at: node)
            return []
        }
        return node.elements.compactMap { item in
            if item.resolved.kind == .mapping, item.entries.count == 1, let entry = item.entries.first {
                guard let step = reader.string(entry.key, "a step id"), let outcome = reader.string(entry.value, "an outcome") else { return nil }
                return .init(step: step, outcome: outcome.value)
            }
            return reader.string(item, "a step id").map { .init(step: $0, outcome: nil) }
        }
    }

    private mutating func decodeEffects(_ node: YAMLNode) -> [EffectExpectation] {
        guard node.resolved.kind == .sequence else {
            reader.sink.error(.wrongType, "effects must be a list of handler names or '{handler: ..., with: {...}}'", at: node)
            return []
        }
        return node.elements.compactMap { item in
            if item.resolved.kind != .mapping { return reader.string(item, "a handler name").map { EffectExpectation(handler: $0, with: [:]) } }
            guard let entries = reader.mapping(item, "an effect", allowed: ["handler", "with"]) else { return nil }
            reader.require(["handler"], in: entries, of: item, "an effect")
            guard let handler = entries["handler"].flatMap({ reader.string($0.value, "handler") }) else { return nil }
            var with: [String: String] = [:]
            if let withNode = entries["with"]?.value, case .object(let fields) = LiteralValue.from(withNode) {
                with = fields.mapValues(\.displayText)
            }
            return EffectExpectation(handler: handler, with: with)
        }
    }
}

import RedressDiagnostics

/// Checks a test file against the playbook it tests and the handlers' specs: mocks name real
/// steps or handlers and answer declared outcomes and outputs, paths name real steps and
/// outcomes, inputs exist. Problems are diagnostics at the test file's lines, like a playbook's.
package struct PlaybookTestChecker {
    let playbook: Playbook
    let catalog: HandlerCatalog
    private var sink = DiagnosticSink()

    /// The statuses a run can end a case in.
    package static let statuses = ["completed", "escalated", "failed", "cancelled", "waiting", "needs_reconciliation", "pending", "running"]

    /// Creates a checker for tests of `playbook`.
    package init(playbook: Playbook, catalog: HandlerCatalog) {
        self.playbook = playbook
        self.catalog = catalog
    }

    /// Every problem in `file`.
    package mutating func check(_ file: PlaybookTestFile) -> [Diagnostic] {
        for script in file.mocks.values { checkMock(script) }
        for testCase in file.cases {
            for script in testCase.mocks.values { checkMock(script) }
            for name in testCase.inputs.keys.sorted() where playbook.input(name) == nil {
                sink.error(.unknownInput, "the playbook has no input '\(name)'", at: testCase.name.mark, length: testCase.name.length)
            }
            checkExpectation(testCase.expect)
        }
        return sink.diagnostics
    }

    /// The handler a mock key stands for: a step's handler, or a handler by name.
    package func descriptor(forMockKey key: String) -> HandlerDescriptor? {
        if let step = playbook.step(key) { return catalog[step.uses.value] }
        return catalog[key]
    }

    private mutating func checkMock(_ script: MockScript) {
        guard let descriptor = descriptor(forMockKey: script.key.value) else {
            let names = catalog.descriptors.map(\.name) + playbook.allSteps.map(\.id.value)
            let suggestion = Suggestions.closest(to: script.key.value, among: names)
            sink.error(
                .unknownHandler, "mock '\(script.key.value)' is neither a step of the playbook nor a handler" + (suggestion.map { "; did you mean '\($0)'?" } ?? ""),
                at: script.key.mark, length: script.key.length)
            return
        }
        for answer in script.answers {
            switch answer {
            case .outcome(let outcome, let output):
                guard descriptor.outcomes.contains(where: { $0.name == outcome.value }) else {
                    reportOutcome(outcome, descriptor)
                    continue
                }
                for (name, value) in output.sorted(by: { $0.key < $1.key }) {
                    guard let field = descriptor.outputs.first(where: { $0.name == name }) else {
                        sink.error(.unknownOutput, "\(descriptor.name) has no output '\(name)'", at: outcome.mark, length: outcome.length)
                        continue
                    }
                    if ValueCoercion.coerce(value, to: field.type) == nil {
                        sink.error(
                            .typeMismatch, "output '\(name)' of \(descriptor.name) is \(ParameterSpec.article(field.type)), not \(ParameterSpec.article(value.type))",
                            at: outcome.mark, length: outcome.length)
                    }
                }
            case .wait(_, _, let atDeadline):
                if !descriptor.outcomes.contains(where: { $0.name == atDeadline.value }) { reportOutcome(atDeadline, descriptor) }
            case .error:
                continue
            }
        }
    }

    private mutating func reportOutcome(_ outcome: Located<String>, _ descriptor: HandlerDescriptor) {
        sink.error(
            .unknownOutcome,
            "\(descriptor.name) has no outcome '\(outcome.value)'; it declares " + descriptor.outcomes.map { "'\($0.name)'" }.joined(separator: ", "),
            at: outcome.mark, length: outcome.length)
    }

    private mutating func checkExpectation(_ expect: PlaybookTestExpectation) {
        for entry in expect.path ?? [] {
            guard let step = playbook.step(entry.step.value) else {
                let suggestion = Suggestions.closest(to: entry.step.value, among: playbook.allSteps.map(\.id.value))
                sink.error(
                    .unknownStep, "the playbook has no step '\(entry.step.value)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? ""),
                    at: entry.step.mark, length: entry.step.length)
                continue
            }
            if let outcome = entry.outcome, let descriptor = catalog[step.uses.value],
                descriptor.outcome(outcome) == nil, ![OutcomeSpec.skipped.name, OutcomeSpec.interrupted.name].contains(outcome)
            {
                reportOutcome(Located(outcome, at: entry.step.mark, length: entry.step.length), descriptor)
            }
        }
        if let status = expect.status, !Self.statuses.contains(status.value) {
            sink.error(.badValue, "status must be one of \(Self.statuses.joined(separator: ", ")), not '\(status.value)'", at: status.mark, length: status.length)
        }
        for effect in expect.effects ?? [] where catalog[effect.handler.value] == nil {
            sink.error(.unknownHandler, "unknown handler '\(effect.handler.value)'", at: effect.handler.mark, length: effect.handler.length)
        }
    }
}

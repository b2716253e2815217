import RedressDiagnostics

/// Runs every semantic check on one decoded playbook and collects the diagnostics.
///
/// The checks live in extensions, one file per family (references, parameters, expressions,
/// graph, policy); each appends to `sink` and none stops the others.
struct PlaybookChecker {
    let playbook: Playbook
    let catalog: HandlerCatalog
    /// The anomaly types and causes ops declared, when there is a triage file.
    let triage: TriageRules?
    let graph: ControlFlowGraph
    let facts: PathFacts
    var sink = DiagnosticSink()
    /// Inputs read by some expression, for the unused-input warning.
    var usedInputs: Set<String> = []
    /// Every step, main ones first: made once (each check walks it, and `Playbook.allSteps`
    /// builds a new array, retaining every step, at each call).
    let allSteps: [Step]

    init(playbook: Playbook, catalog: HandlerCatalog, triage: TriageRules? = nil) {
        self.playbook = playbook
        self.catalog = catalog
        self.triage = triage
        allSteps = playbook.allSteps
        graph = ControlFlowGraph(playbook: playbook, catalog: catalog)
        facts = PathFacts(graph: graph)
    }

    mutating func run() -> [Diagnostic] {
        checkStepIDs()
        checkAnomalyTypes()
        checkHandlersAndRoutes()
        checkSLA()
        checkParameters()
        checkExpressions()
        checkGraph()
        checkPolicy()
        checkProofBindings()
        checkMessages()
        checkUnusedInputs()
        return sink.diagnostics
    }

    /// With a triage file, a playbook's anomaly types must be ones it declares: a type no rule can
    /// give would never be handled.
    mutating func checkAnomalyTypes() {
        guard let triage else { return }
        for type in playbook.anomaly.types where !triage.types.contains(type.value) {
            let suggestion = Suggestions.closest(to: type.value, among: triage.types)
            sink.error(
                .unknownAnomaly, "anomaly '\(type.value)' is not declared in the triage file" + Self.didYouMean(suggestion), at: type.mark, length: type.length,
                notes: [.init("declared in \(triage.path): " + triage.types.joined(separator: ", ")), .init("declare it under 'anomalies:' and give it a rule")])
        }
    }

    /// The scope of expressions in `step` (`finallyIndex` for steps in `finally`).
    func scope(for step: Step) -> StepScope {
        let finallyIndex = playbook.finally.firstIndex { $0.id.value == step.id.value && $0.mark == step.mark }
        return StepScope(
            playbook: playbook, graph: graph, facts: facts, position: step.isFinally ? nil : graph.indexByID[step.id.value],
            isFinally: step.isFinally, isMatch: false, earlierFinally: finallyIndex.map { Array(playbook.finally[..<$0]) } ?? [])
    }

    static func didYouMean(_ suggestion: String?) -> String { suggestion.map { "; did you mean '\($0)'?" } ?? "" }
}

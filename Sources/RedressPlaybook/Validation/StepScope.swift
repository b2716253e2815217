/// What expressions can see at one step: the playbook's inputs, the steps that surely ran (and
/// succeeded) before it, and the run's own fields.
struct StepScope: ExpressionScope {
    let playbook: Playbook
    let graph: ControlFlowGraph
    let facts: PathFacts
    /// The main step the expression belongs to, or `nil` for `finally` steps and `match`.
    let position: Int?
    /// Whether this is a `finally` step (the run's status and resolution are known there).
    let isFinally: Bool
    /// Whether this is the anomaly `match` (it sees `anomaly.*` and inputs only).
    let isMatch: Bool
    /// Finally steps before this one (they always ran).
    let earlierFinally: [Step]
    /// The causes triage declares for the playbook's anomaly types (`anomaly.cause` in `match`
    /// takes only these); `nil` without a triage file.
    var anomalyCauses: [String]? = nil

    static let runFields: [FieldSpec] = [
        FieldSpec("id", .string, "the run's id"),
        FieldSpec("playbook", .string, "the playbook's id"),
        FieldSpec("started_at", .timestamp, "when the run started"),
        FieldSpec("sla_breached", .boolean, "whether an SLA deadline has passed"),
        FieldSpec("resolve_by", .timestamp, "when the run must be resolved (its SLA's resolve_within), to tell the user by when"),
    ]
    static let finallyRunFields: [FieldSpec] = [
        FieldSpec("status", .enumeration(["completed", "escalated", "failed", "cancelled"]), "how the run ended"),
        FieldSpec("resolution", .string, "what the run ended with"),
    ]
    static let anomalyFields: [FieldSpec] = [
        FieldSpec("type", .string, "the anomaly type (transaction_failed, ...)"),
        FieldSpec("cause", .string, "the failure cause, when known"),
        FieldSpec("reason", .string, "the freeze reason, when known"),
    ]
    static let stepFields = ["outcome", "output", "attempts"]

    func resolve(_ segments: [PathSegment]) -> PathResolution {
        guard case .field(let root, let rootRange) = segments[0] else { return .type(.any) }
        let roots = isMatch ? ["inputs", "anomaly"] : ["inputs", "steps", "run"]
        switch root {
        case "inputs" where roots.contains("inputs"):
            return resolveInput(segments)
        case "steps" where roots.contains("steps"):
            return resolveStep(segments)
        case "run" where roots.contains("run"):
            // How the run ended is known only once it has: say so, rather than that it has no such field.
            if !isFinally, segments.count > 1, case .field(let name, let range) = segments[1], let field = Self.finallyRunFields.first(where: { $0.name == name }) {
                return problem(
                    .unknownVariable, "run.\(field.name) is known only in 'finally' steps, once the run has ended", range,
                    hint: "read it in a step under 'finally:'; here the run has not ended yet")
            }
            return resolveFields(segments, from: 1, in: .object(Self.runFields + (isFinally ? Self.finallyRunFields : [])), what: "run")
        case "anomaly" where roots.contains("anomaly"):
            var fields = Self.anomalyFields
            if let causes = anomalyCauses { fields[1] = FieldSpec("cause", .enumeration(causes), "the cause triage gave") }
            return resolveFields(segments, from: 1, in: .object(fields), what: "anomaly")
        default:
            let suggestion = Suggestions.closest(to: root, among: roots)
            return problem(
                .unknownVariable, "unknown name '\(root)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? ""), rootRange,
                hint: "expressions here can read: " + roots.map { "\($0).*" }.joined(separator: ", "))
        }
    }

    private func resolveInput(_ segments: [PathSegment]) -> PathResolution {
        guard segments.count >= 2, case .field(let name, let range) = segments[1] else {
            return problem(.unknownInput, "name an input: inputs.<name>", segments[0].range)
        }
        guard let input = playbook.input(name) else {
            let suggestion = Suggestions.closest(to: name, among: playbook.inputs.map(\.name.value))
            return problem(.unknownInput, "unknown input '\(name)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? ""), range)
        }
        return resolveFields(segments, from: 2, in: input.type, what: "inputs.\(name)")
    }

    private func resolveStep(_ segments: [PathSegment]) -> PathResolution {
        guard segments.count >= 3, case .field(let id, let idRange) = segments[1], case .field(let field, let fieldRange) = segments[2] else {
            return problem(.unknownVariable, "write steps.<id>.outcome or steps.<id>.output.<field>", segments[0].range)
        }
        let earlier = graph.indexByID[id]
        let finallyStep = playbook.finally.first { $0.id.value == id }
        guard earlier != nil || finallyStep != nil else {
            let suggestion = Suggestions.closest(to: id, among: playbook.allSteps.map(\.id.value))
            return problem(.unknownStep, "unknown step '\(id)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? ""), idRange)
        }
        guard Self.stepFields.contains(field) else {
            let suggestion = Suggestions.closest(to: field, among: Self.stepFields)
            return problem(
                .unknownVariable, "a step has no '\(field)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? ""), fieldRange,
                hint: "a step has: outcome, output, attempts")
        }
        let needsSuccess = field == "output"
        if let mayNotHaveRun = availability(of: id, earlier: earlier, finallyStep: finallyStep, needsSuccess: needsSuccess) {
            return .problem(
                ExpressionProblem(
                    .stepMayNotHaveRun, mayNotHaveRun, at: segments[0].range.lowerBound..<fieldRange.upperBound,
                    hint: "wrap it in default(..., fallback) or read it only on paths where the step ran"), guardable: true)
        }
        switch field {
        case "outcome":
            let outcomes = earlier.map { graph.outcomes(of: $0).map(\.name) } ?? []
            return segments.count > 3 ? problem(.unknownVariable, "an outcome has no fields", segments[3].range) : .type(outcomes.isEmpty ? .string : .enumeration(outcomes))
        case "attempts":
            return segments.count > 3 ? problem(.unknownVariable, "attempts has no fields", segments[3].range) : .type(.integer)
        default:
            let descriptor = earlier.flatMap { graph.descriptors[$0] }
            guard let descriptor else { return .type(.any) }
            return resolveFields(segments, from: 3, in: descriptor.outputType, what: "the output of '\(descriptor.name)'")
        }
    }

    /// Why step `id` may not have run (or succeeded) before this point, or `nil` if it surely has.
    private func availability(of id: String, earlier: Int?, finallyStep: Step?, needsSuccess: Bool) -> String? {
        if let finallyStep {
            let isBefore = earlierFinally.contains { $0.id.value == id }
            return isBefore && finallyStep.when == nil ? nil : "step '\(id)' has not run at this point"
        }
        guard let earlier else { return nil }
        if isFinally {
            let atExit = needsSuccess ? facts.hasSucceeded(earlier, before: graph.exit) : facts.hasRun(earlier, before: graph.exit)
            return atExit ? nil : "step '\(id)' may not have \(needsSuccess ? "produced its output" : "run") when the run ends"
        }
        guard let position else { return nil }
        if earlier == position { return "step '\(id)' cannot read its own \(needsSuccess ? "output" : "outcome")" }
        let surely = needsSuccess ? facts.hasSucceeded(earlier, before: position) : facts.hasRun(earlier, before: position)
        guard !surely else { return nil }
        return "step '\(id)' may not have \(needsSuccess ? "produced its output" : "run") before step '\(graph.steps[position].id.value)' on some path"
    }

    private func resolveFields(_ segments: [PathSegment], from start: Int, in type: ValueType, what: String) -> PathResolution {
        FieldPath.resolve(segments, from: start, in: type, what: what)
    }

    private func problem(_ code: PlaybookDiagnosticCode, _ message: String, _ range: Range<Int>, hint: String? = nil) -> PathResolution {
        FieldPath.problem(code, message, range, hint: hint)
    }
}

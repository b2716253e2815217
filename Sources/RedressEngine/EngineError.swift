import RedressDiagnostics

/// Why the engine refused a request.
public enum EngineError: Error, Sendable, CustomStringConvertible {
    /// The playbook has errors; nothing runs.
    case invalidPlaybook([Diagnostic])
    /// The inputs do not fit the playbook's input specs.
    case invalidInputs([String])
    /// Another process holds the run.
    case busy(String)
    /// No such run.
    case notFound(String)
    /// The waiting step refused the signal (a value it does not accept, a sender who may not
    /// send it); the run waits as before and the refusal is in its audit trail.
    case signalRefused(runID: String, signal: String, reason: String)
    /// A signal arrived for a run that is not waiting for it.
    case unexpectedSignal(runID: String, signal: String, waitingFor: String?)
    /// The run has ended; nothing more can happen to it.
    case alreadyEnded(String, RunStatus)
    /// A handler the playbook uses is not available in this process.
    case missingHandler(String)
    /// The stored playbook text of a run no longer has the hash the run was pinned to: someone
    /// changed the state database. The run is not executed.
    case pinMismatch(path: String, expected: String, found: String)

    /// A sentence for the operator.
    public var description: String {
        switch self {
        case .invalidPlaybook(let diagnostics):
            return "the playbook has \(diagnostics.count { $0.severity == .error }) error(s); nothing was run"
        case .invalidInputs(let problems): return "invalid inputs: " + problems.joined(separator: "; ")
        case .busy(let id): return "run \(id) is being run by another process; try again later"
        case .notFound(let id): return "no run \(id)"
        case .unexpectedSignal(let id, let signal, let waiting):
            return "run \(id) is not waiting for signal '\(signal)'" + (waiting.map { "; it waits for '\($0)'" } ?? "")
        case .signalRefused(let id, let signal, let reason): return "run \(id) refused signal '\(signal)': \(reason); it still waits for it"
        case .alreadyEnded(let id, let status): return "run \(id) has already ended (\(status.rawValue))"
        case .missingHandler(let name): return "handler '\(name)' is not available in this process"
        case .pinMismatch(let path, let expected, let found):
            return "the stored text of \(path) has hash \(found.prefix(12)), not the \(expected.prefix(12)) the run was pinned to; the state database was changed, so the run was not executed"
        }
    }
}

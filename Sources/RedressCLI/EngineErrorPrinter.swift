import RedressDiagnostics
import RedressEngine
import RedressYAML

/// Reports engine refusals and maps them to exit statuses.
enum EngineErrorPrinter {
    /// Prints `error` (with diagnostics for an invalid playbook) and returns the exit status.
    static func report(_ error: any Error, source: SourceFile? = nil) -> Int32 {
        let output = FileOutput.standardError
        switch error {
        case EngineError.invalidPlaybook(let diagnostics):
            output.write(DiagnosticRenderer(sources: source.map { [$0] } ?? [], colored: output.wantsColor).render(diagnostics))
            output.write("redress: error: \(TerminalText.escape("\(error)"))\n")
            return 2
        case let error as EngineError:
            output.write("redress: error: \(TerminalText.escape("\(error)"))\n")
            switch error {
            case .invalidInputs, .unexpectedSignal, .signalRefused, .notFound, .alreadyEnded, .missingHandler, .pinMismatch: return 2
            case .busy: return ExitStatus.busy.rawValue
            case .invalidPlaybook: return 2
            }
        case let error as RunStoreError:
            output.write("redress: error: \(TerminalText.escape("\(error)"))\n")
            return 2
        default:
            output.write("redress: error: \(TerminalText.escape("\(error)"))\n")
            return 1
        }
    }
}

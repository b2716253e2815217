import ArgumentParser

/// How a command prints its results.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    /// For people: compiler-style text, colored on a terminal.
    case human
    /// For tools: JSON (one object per diagnostic, per line, for `validate`).
    case json
    /// SARIF 2.1.0, for code-scanning UIs (`validate` only).
    case sarif
}

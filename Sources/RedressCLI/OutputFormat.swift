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

/// How a command other than `validate` prints its results: for people, or one JSON document
/// (snake_case keys, like every JSON Redress writes). Only the formats a command really has are
/// accepted: `--format sarif` on `runs` is a usage error, not ignored.
enum ResultFormat: String, ExpressibleByArgument, CaseIterable {
    /// For people.
    case human
    /// For tools.
    case json
}

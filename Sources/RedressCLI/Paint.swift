import RedressEngine

/// ANSI colours for people at a terminal; plain text when disabled (pipes, files, `NO_COLOR`).
struct Paint {
    let enabled: Bool

    func green(_ text: String) -> String { wrap(text, "32") }
    func red(_ text: String) -> String { wrap(text, "31") }
    func yellow(_ text: String) -> String { wrap(text, "33") }
    func dim(_ text: String) -> String { wrap(text, "2") }

    /// A run status in the colour of what it asks of a person: none, attention, or action.
    func status(_ status: RunStatus) -> String {
        switch status {
        case .completed: return green(status.rawValue)
        case .failed, .needsReconciliation: return red(status.rawValue)
        case .escalated, .cancelled, .waiting, .pending, .running: return yellow(status.rawValue)
        }
    }

    private func wrap(_ text: String, _ code: String) -> String {
        enabled ? "\u{1b}[\(code)m\(text)\u{1b}[0m" : text
    }
}

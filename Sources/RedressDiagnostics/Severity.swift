/// How serious a diagnostic is.
///
/// Only `error` stops a playbook from running; `warning` fails `validate --strict`; `note` never
/// stands alone (it hangs off another diagnostic).
public enum Severity: String, Sendable, Hashable, Codable, CaseIterable {
    case error
    case warning
    case note
}

import RedressDiagnostics

/// `POST /v1/playbooks/validate`: whether the posted playbook may run, and every diagnostic
/// (`file`, `line`, `column`, `end_column`, `severity`, `code`, `message`, `notes`).
struct ValidationDocument: Encodable {
    let valid: Bool
    let diagnostics: [DiagnosticJSONFormatter.Record]
}

/// Which YAML files in a playbook folder are playbooks: not the tests beside them
/// (`*.test.yaml`) and not the triage file (`triage.yaml`).
package enum PlaybookFiles {
    /// Whether the file at `path` is a playbook.
    package static func isPlaybook(_ path: String) -> Bool {
        !isTest(path) && !isTriage(path)
    }

    /// Whether it is a playbook test file.
    package static func isTest(_ path: String) -> Bool { path.hasSuffix(".test.yaml") || path.hasSuffix(".test.yml") }

    /// Whether it is a triage file.
    package static func isTriage(_ path: String) -> Bool {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return name == TriageLoader.fileName || name == "triage.yml"
    }
}

import Foundation
import RedressDiagnostics
import RedressPlaybook
import RedressYAML

/// `redress.yaml`: the project's settings, read by the same YAML layer and with the same
/// diagnostics (file:line:column, codes) as playbooks. For now it says whom to trust:
///
/// ```yaml
/// trust:
///   verifiers: [acme.face_check]   # external handlers allowed to verify the user's identity
/// ```
///
/// Contract: `load` collects every problem; a file with an error yields no configuration (a
/// half-read trust list must not decide who may verify identity). No file means the defaults:
/// no external handler is trusted to verify identity.
package struct RedressConfiguration: Sendable {
    /// External handlers that may declare `verifies_identity_on`.
    package var trustedVerifiers: Set<String> = []
    /// The file it was read from, if any.
    package var path: String?

    /// The defaults.
    package init() {}

    static let topLevelKeys = ["trust"]
    static let trustKeys = ["verifiers"]

    /// The file's configuration, or its diagnostics (with the source, for snippets).
    package static func load(path: String) -> Result<RedressConfiguration, Problems> {
        let (source, parsed) = YAMLParser().parseFile(atPath: path, requireMapping: true)
        var diagnostics = parsed.errors.map(\.diagnostic)
        var configuration = RedressConfiguration()
        configuration.path = path
        if let document = parsed.document {
            var reader = NodeReader(source: source)
            if let top = reader.mapping(document.root, "redress.yaml", allowed: topLevelKeys), let trustNode = top["trust"]?.value,
                let trust = reader.mapping(trustNode, "trust", allowed: trustKeys)
            {
                for name in trust["verifiers"].map({ reader.stringList($0.value, "a handler name") }) ?? [] {
                    guard PluginManifestDecoder.isHandlerName(name.value) else {
                        reader.sink.error(.badIdentifier, "'\(name.value)' is not a handler name ('namespace.name')", at: name.mark, length: name.length)
                        continue
                    }
                    configuration.trustedVerifiers.insert(name.value)
                }
            }
            diagnostics += reader.sink.diagnostics
        }
        guard !diagnostics.contains(where: { $0.severity == .error }) else { return .failure(Problems(source: source, diagnostics: diagnostics)) }
        return .success(configuration)
    }

    /// What was wrong with a configuration file.
    package struct Problems: Error, Sendable {
        /// The file, for snippets.
        package let source: SourceFile
        /// Every problem found.
        package let diagnostics: [Diagnostic]
    }
}

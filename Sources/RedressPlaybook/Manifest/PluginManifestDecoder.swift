import Foundation
import RedressDiagnostics
import RedressYAML

/// Turns a parsed `plugin.yaml` into a `PluginManifest`, reporting every problem with the
/// playbook codes (unknown keys with suggestions, wrong types, bad durations and patterns) plus
/// `bad-command` for a command that is not an argv list or cannot be found.
///
/// Contract: collects every diagnostic; a handler with an error is left out of the manifest, so
/// a playbook that uses it gets `unknown-handler` rather than running against a broken spec.
package struct PluginManifestDecoder {
    private var reader: NodeReader
    private let searchPath: [String]
    private let trustedVerifiers: Set<String>

    static let topLevelKeys = ["plugin", "description", "handlers"]
    static let handlerKeys = [
        "summary", "command", "timeout", "policy", "verifies_identity_on", "identity_proof", "escalates_on", "business_key", "environment", "dry_run",
        "parameters", "outputs", "outcomes",
    ]
    static let parameterKeys = ["type", "required", "default", "minimum", "maximum", "pattern", "values", "secret", "description"]
    static let outputKeys = ["type", "values", "secret", "description"]
    static let identityProofKeys = ["issues", "expires_at", "user", "order", "requires", "reports_owner"]
    static let parameterTypes = ["string", "integer", "decimal", "boolean", "duration", "timestamp", "enum", "list", "object", "any"]
    /// Policy flags a process can honestly declare (it cannot wait for a person or end a run).
    package static let policyFlags = ["side-effects", "moves-money", "releases-funds", "needs-verified-identity", "contacts-user", "idempotent"]

    /// Creates a decoder for `source`; bare program names are looked up in `searchPath`. A
    /// handler may declare `verifies_identity_on` only if `trustedVerifiers` names it (the
    /// `trust.verifiers` setting of `redress.yaml`): one line in a manifest must never switch the
    /// money rule off.
    package init(source: SourceFile, searchPath: [String], trustedVerifiers: Set<String> = []) {
        reader = NodeReader(source: source)
        self.searchPath = searchPath
        self.trustedVerifiers = trustedVerifiers
    }

    /// The diagnostics found while decoding.
    package var diagnostics: [Diagnostic] { reader.sink.diagnostics }

    /// Decodes the document's root mapping.
    package mutating func decode(_ document: YAMLDocument) -> PluginManifest? {
        let root = document.root
        let path = root.mark.file
        let folder = (path as NSString).deletingLastPathComponent
        guard let top = reader.mapping(root, "a plugin manifest", allowed: Self.topLevelKeys, aliases: ["name": "plugin", "summary": "description"])
        else { return nil }
        reader.require(["plugin", "handlers"], in: top, of: root, "a plugin manifest")
        let name = top["plugin"].flatMap { reader.identifier($0.value, "the plugin name", allowingDashes: true) }
        let summary = top["description"].flatMap { reader.string($0.value, "description") }?.value ?? ""
        var handlers: [ExternalHandlerSpec] = []
        if let node = top["handlers"]?.value {
            if node.resolved.kind == .mapping, node.childCount > 0 {
                for entry in node.entries {
                    if let handler = decodeHandler(entry, folder: folder.isEmpty ? "." : folder, path: path) { handlers.append(handler) }
                }
            } else {
                reader.sink.error(.wrongType, "handlers must map handler names ('risk.score') to their specs", at: node)
            }
        }
        guard let name else { return nil }
        return PluginManifest(name: name, summary: summary, path: path, folder: folder.isEmpty ? "." : folder, handlers: handlers)
    }

    // MARK: Handlers

    private mutating func decodeHandler(_ entry: YAMLNode.Entry, folder: String, path: String) -> ExternalHandlerSpec? {
        let errorsBefore = errorCount
        guard let name = reader.string(entry.key, "a handler name") else { return nil }
        if !Self.isHandlerName(name.value) {
            reader.sink.error(.badIdentifier, "handler name '\(name.value)' must be 'namespace.name' in lower-case letters, digits and '_'", at: entry.key)
        }
        let what = "handler '\(name.value)'"
        guard let entries = reader.mapping(entry.value, what, allowed: Self.handlerKeys) else { return nil }
        reader.require(["summary", "command", "outcomes"], in: entries, of: entry.value, what)
        let summary = entries["summary"].flatMap { reader.string($0.value, "summary") }?.value ?? ""
        let command = entries["command"].map { decodeCommand($0.value, folder: folder) } ?? []
        let timeout = entries["timeout"].flatMap { reader.duration($0.value, "timeout") }?.value
        let parameters = entries["parameters"].map { decodeParameters($0.value) } ?? []
        let outputs = entries["outputs"].map { decodeOutputs($0.value) } ?? []
        let outcomes = entries["outcomes"].map { decodeOutcomes($0.value) } ?? []
        let environment = entries["environment"].map { decodeEnvironment($0.value) } ?? []
        var flags: Set<String> = []
        if let policyNode = entries["policy"]?.value {
            for flag in reader.stringList(policyNode, "a policy flag") {
                if Self.policyFlags.contains(flag.value) {
                    flags.insert(flag.value)
                } else {
                    let suggestion = Suggestions.closest(to: flag.value, among: Self.policyFlags)
                    reader.sink.error(
                        .badValue, "unknown policy flag '\(flag.value)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? ""), at: flag.mark,
                        length: flag.length, notes: [.init("flags: " + Self.policyFlags.joined(separator: ", "))])
                }
            }
        }
        let verifiesOn = entries["verifies_identity_on"].map { reader.stringList($0.value, "an outcome").map(\.value) } ?? []
        if let claim = entries["verifies_identity_on"], !verifiesOn.isEmpty, !trustedVerifiers.contains(name.value) {
            reader.sink.error(
                .untrustedVerifier,
                "handler '\(name.value)' claims to verify identity, but only built-in handlers and those listed under trust.verifiers in redress.yaml may",
                at: claim.key, notes: [.init("add '\(name.value)' to trust.verifiers in redress.yaml if this program really checks who the user is")])
        }
        let escalatesOn = entries["escalates_on"].map { reader.stringList($0.value, "an outcome").map(\.value) } ?? []
        // A process's calls are keyed by what they act on only when the manifest says what that is;
        // money is keyed without the step (two playbooks paying one order pay once), messages with it.
        let movesMoney = flags.contains("moves-money") || flags.contains("releases-funds")
        let businessKey = entries["business_key"].map { BusinessKey(reader.stringList($0.value, "a parameter name").map(\.value), perStep: !movesMoney) }
        let policy = HandlerPolicy(
            hasSideEffects: flags.contains("side-effects"), movesMoney: flags.contains("moves-money"), releasesFunds: flags.contains("releases-funds"),
            needsVerifiedIdentity: flags.contains("needs-verified-identity"), verifiesIdentityOn: verifiesOn, escalatesOn: escalatesOn,
            contactsUser: flags.contains("contacts-user"), isIdempotent: flags.contains("idempotent"))
        let identityProof = entries["identity_proof"].flatMap { decodeIdentityProof($0.value) }
        let descriptor = HandlerDescriptor(
            name: name.value, summary: summary, parameters: parameters, outputs: outputs, outcomes: outcomes, policy: policy, defaultTimeout: timeout,
            businessKey: businessKey, identityProof: identityProof)
        if policy.hasSideEffects && timeout == nil {
            reader.sink.error(.missingTimeout, "\(what) has side effects and needs a 'timeout'", at: entry.key)
        }
        for problem in DescriptorLint.problems(in: descriptor) where !problem.contains("a handler name is") {
            reader.sink.error(.badValue, problem, at: entry.key)
        }
        let dryRun = entries["dry_run"].map { decodeDryRun($0.value, outcomes: outcomes) } ?? Self.defaultDryRun(outcomes)
        guard errorCount == errorsBefore else { return nil }
        return ExternalHandlerSpec(
            descriptor: descriptor, nameMark: entry.key.mark, command: command, environment: environment, dryRun: dryRun, folder: folder,
            manifestPath: path)
    }

    private var errorCount: Int { reader.sink.diagnostics.count { $0.severity == .error } }

    package static func isHandlerName(_ name: String) -> Bool {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 2 && parts.allSatisfy { NodeReader.isIdentifier(String($0), allowingDashes: false) }
    }

    private mutating func decodeCommand(_ node: YAMLNode, folder: String) -> [String] {
        guard node.resolved.kind == .sequence else {
            reader.sink.error(
                .badCommand, "command must be a list of arguments, never a shell string; write e.g. [python3, score.py]", at: node)
            return []
        }
        let argv = node.elements.compactMap { reader.string($0, "a command argument")?.value }
        guard let program = argv.first, let first = node.elements.first else {
            reader.sink.error(.badCommand, "command needs at least the program to run", at: node)
            return []
        }
        if CommandResolver.resolve(program, folder: folder, searchPath: searchPath) == nil {
            let place = program.contains("/") ? "in the plugin folder \(folder)" : "on PATH"
            reader.sink.error(.badCommand, "program '\(program)' is not an executable file \(place)", at: first)
        }
        return argv
    }

    private mutating func decodeEnvironment(_ node: YAMLNode) -> [String] {
        reader.stringList(node, "an environment variable name").compactMap { name in
            if name.value.hasPrefix("REDRESS_") {
                reader.sink.error(.badValue, "'\(name.value)' belongs to Redress and is never passed to plugins", at: name.mark, length: name.length)
                return nil
            }
            return name.value
        }
    }

    // MARK: Specs

    private mutating func decodeParameters(_ node: YAMLNode) -> [ParameterSpec] {
        namedMappings(node, "parameters").compactMap { name, value in
            let what = "parameter '\(name.value)'"
            guard let entries = reader.mapping(value, what, allowed: Self.parameterKeys) else { return nil }
            reader.require(["type"], in: entries, of: value, what)
            let type = reader.valueType(entries, of: what, allowed: Self.parameterTypes)
            return ParameterSpec(
                name.value, type, required: entries["required"].flatMap { reader.bool($0.value, "required") } ?? false,
                default: entries["default"].flatMap { reader.defaultValue($0.value, type: type, of: name.value) },
                minimum: entries["minimum"].flatMap { number($0.value, "minimum") }, maximum: entries["maximum"].flatMap { number($0.value, "maximum") },
                pattern: entries["pattern"].flatMap { reader.pattern($0.value) }, secret: entries["secret"].flatMap { reader.bool($0.value, "secret") } ?? false,
                entries["description"].flatMap { reader.string($0.value, "description") }?.value ?? "")
        }
    }

    private mutating func decodeOutputs(_ node: YAMLNode) -> [FieldSpec] {
        namedMappings(node, "outputs").compactMap { name, value in
            let what = "output '\(name.value)'"
            guard let entries = reader.mapping(value, what, allowed: Self.outputKeys) else { return nil }
            reader.require(["type"], in: entries, of: value, what)
            let type = reader.valueType(entries, of: what, allowed: Self.parameterTypes)
            return FieldSpec(
                name.value, type, entries["description"].flatMap { reader.string($0.value, "description") }?.value ?? "",
                secret: entries["secret"].flatMap { reader.bool($0.value, "secret") } ?? false)
        }
    }

    /// `identity_proof:` is one of `{issues: OUTPUT, expires_at: OUTPUT, user: PARAMETER, order:
    /// PARAMETER}`, `{requires: PARAMETER, order: PARAMETER}` or `{reports_owner: OUTPUT, order:
    /// PARAMETER}`; whether the names exist is `DescriptorLint`'s to say.
    private mutating func decodeIdentityProof(_ node: YAMLNode) -> IdentityProof? {
        let what = "identity_proof"
        guard let entries = reader.mapping(node, what, allowed: Self.identityProofKeys) else { return nil }
        func name(_ key: String) -> String? { entries[key].flatMap { reader.string($0.value, key) }?.value }
        let roles = ["issues", "requires", "reports_owner"].filter { entries[$0] != nil }
        guard roles.count == 1, let role = roles.first else {
            reader.sink.error(
                .badValue, "identity_proof takes exactly one of 'issues', 'requires' and 'reports_owner'", at: node,
                notes: [.init("a verifier issues a proof, a money handler requires one, an order lookup reports the owner")])
            return nil
        }
        reader.require(role == "issues" ? ["issues", "expires_at", "user", "order"] : [role, "order"], in: entries, of: node, what)
        guard let field = name(role), let order = name("order") else { return nil }
        switch role {
        case "issues":
            guard let expiresAt = name("expires_at"), let user = name("user") else { return nil }
            return .issues(proof: field, expiresAt: expiresAt, user: user, order: order)
        case "requires":
            return .requires(proof: field, order: order)
        default:
            return .reportsOwner(order: order, user: field)
        }
    }

    private mutating func decodeOutcomes(_ node: YAMLNode) -> [OutcomeSpec] {
        guard node.resolved.kind == .mapping, node.childCount > 0 else {
            reader.sink.error(.wrongType, "outcomes must map outcome names to 'success' or 'failure'", at: node)
            return []
        }
        return node.entries.compactMap { entry in
            guard let name = reader.identifier(entry.key, "outcome name") else { return nil }
            if OutcomeSpec.implicit.contains(where: { $0.name == name.value }) {
                reader.sink.error(.badValue, "'\(name.value)' is implicit for every handler; do not declare it", at: entry.key)
                return nil
            }
            if let kind = entry.value.scalar?.text, entry.value.resolved.kind == .scalar {
                switch kind {
                case "success": return .success(name.value)
                case "failure": return .failure(name.value)
                default:
                    reader.sink.error(.badValue, "outcome '\(name.value)' must be 'success' or 'failure', not '\(kind)'", at: entry.value)
                    return nil
                }
            }
            guard let entries = reader.mapping(entry.value, "outcome '\(name.value)'", allowed: ["success", "description"]) else { return nil }
            reader.require(["success"], in: entries, of: entry.value, "outcome '\(name.value)'")
            let isSuccess = entries["success"].flatMap { reader.bool($0.value, "success") } ?? true
            let summary = entries["description"].flatMap { reader.string($0.value, "description") }?.value ?? ""
            return OutcomeSpec(name: name.value, isSuccess: isSuccess, summary: summary)
        }
    }

    private mutating func decodeDryRun(_ node: YAMLNode, outcomes: [OutcomeSpec]) -> ExternalHandlerSpec.DryRunBehaviour {
        if node.scalar?.text == "call" { return .call }
        guard let entries = reader.mapping(node, "dry_run ('call', or the outcome and output to answer)", allowed: ["outcome", "output"])
        else { return Self.defaultDryRun(outcomes) }
        reader.require(["outcome"], in: entries, of: node, "dry_run")
        guard let outcomeNode = entries["outcome"]?.value, let outcome = reader.string(outcomeNode, "outcome") else {
            return Self.defaultDryRun(outcomes)
        }
        if !outcomes.contains(where: { $0.name == outcome.value }) {
            reader.sink.error(.unknownOutcome, "dry_run answers '\(outcome.value)', which is not a declared outcome", at: outcomeNode)
        }
        var output: [String: Value] = [:]
        if let outputNode = entries["output"]?.value, case .object(let fields) = LiteralValue.from(outputNode) { output = fields }
        return .answer(outcome: outcome.value, output: output)
    }

    /// Without `dry_run:`, a dry run answers the first success outcome with no output.
    static func defaultDryRun(_ outcomes: [OutcomeSpec]) -> ExternalHandlerSpec.DryRunBehaviour {
        .answer(outcome: (outcomes.first { $0.isSuccess } ?? outcomes.first)?.name ?? "error", output: [:])
    }

    private mutating func namedMappings(_ node: YAMLNode, _ what: String) -> [(Located<String>, YAMLNode)] {
        guard node.resolved.kind == .mapping else {
            reader.sink.error(.wrongType, "\(what) must map names to specs ('order_id: {type: string}')", at: node)
            return []
        }
        return node.entries.compactMap { entry in reader.identifier(entry.key, "a name in \(what)").map { ($0, entry.value) } }
    }

    private mutating func number(_ node: YAMLNode, _ what: String) -> Decimal? {
        if case .integer(let value) = LiteralValue.from(node) { return Decimal(value) }
        if case .decimal(let value) = LiteralValue.from(node) { return value }
        reader.sink.error(.wrongType, "\(what) must be a number", at: node)
        return nil
    }
}

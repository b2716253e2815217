import RedressDiagnostics
import RedressYAML

/// Validates playbooks: YAML, schema, references, handler parameters, expressions, graph,
/// payment policy and warnings, all in one pass that collects every diagnostic.
///
/// Contract: offline and side-effect free; it needs only the handlers' descriptors. A playbook
/// with any error-severity diagnostic must never run (the engine checks `isRunnable`).
package struct PlaybookValidator: Sendable {
    /// The handlers playbooks may use.
    package let catalog: HandlerCatalog
    /// YAML limits and policy.
    package let parser: YAMLParser
    /// The triage file's anomaly types and causes, which playbooks' `anomaly:` must name.
    package let triage: TriageRules?

    /// Creates a validator for `catalog`'s handlers (and, with `triage`, its anomaly types).
    package init(catalog: HandlerCatalog, parser: YAMLParser = YAMLParser(), triage: TriageRules? = nil) {
        self.catalog = catalog
        self.parser = parser
        self.triage = triage
    }

    /// The result of validating one file.
    package struct Report: Sendable {
        /// The file as read (for snippets).
        package var source: SourceFile
        /// The playbook, when it could be decoded.
        package var playbook: Playbook?
        /// Every diagnostic, sorted by position.
        package var diagnostics: [Diagnostic]

        /// Whether the playbook may run: it decoded and has no errors.
        package var isRunnable: Bool { playbook != nil && !diagnostics.contains { $0.severity == .error } }
    }

    /// Reads and validates the file at `path`.
    package func validateFile(atPath path: String) -> Report {
        let (source, result) = parser.parseFile(atPath: path, requireMapping: true)
        return validate(source, parsed: result)
    }

    /// Validates playbook text already in memory.
    package func validate(_ source: SourceFile) -> Report {
        validate(source, parsed: parser.parseDocument(source, requireMapping: true))
    }

    private func validate(_ source: SourceFile, parsed: YAMLParseResult) -> Report {
        var diagnostics = parsed.errors.map(\.diagnostic)
        var playbook: Playbook?
        // Checks go on past YAML problems that leave a usable tree (a duplicate key), so one run
        // shows everything; a tree libyaml could not finish is not decoded.
        if let document = parsed.document {
            var decoder = PlaybookDecoder(source: source)
            playbook = decoder.decode(document)
            diagnostics += decoder.diagnostics
            if let playbook {
                var checker = PlaybookChecker(playbook: playbook, catalog: catalog, triage: triage)
                diagnostics += checker.run()
            }
        }
        return Report(source: source, playbook: playbook, diagnostics: Self.ordered(diagnostics))
    }

    /// Checks that span playbooks: two playbooks with one id, anomaly types handled by more than
    /// one playbook with no `match:` to tell them apart, and, with `coverageOf` (a folder that
    /// is the whole library), anomaly types no playbook handles: the triage file's (reported at
    /// their declaration when `triageIsValidated`, the triage file being part of this run, else at
    /// the folder), or the built-in ones without a triage file.
    package func validateSet(_ reports: [Report], coverageOf folder: String? = nil, triageIsValidated: Bool = true) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var byID: [String: Playbook] = [:]
        var byAnomaly: [String: [Playbook]] = [:]
        for playbook in reports.compactMap(\.playbook) {
            if let first = byID[playbook.id.value] {
                diagnostics.append(
                    Diagnostic(
                        .error, code: PlaybookDiagnosticCode.duplicatePlaybookID.rawValue, message: "playbook id '\(playbook.id.value)' is used twice",
                        at: playbook.id.mark, length: playbook.id.length, notes: [.init("first used here", at: first.id.mark)]))
            } else {
                byID[playbook.id.value] = playbook
            }
            for type in playbook.anomaly.types { byAnomaly[type.value, default: []].append(playbook) }
        }
        for (type, playbooks) in byAnomaly.sorted(by: { $0.key < $1.key }) where playbooks.count > 1 {
            let unmatched = playbooks.filter { $0.anomaly.match == nil }
            guard unmatched.count > 1 else { continue }
            let second = unmatched[1]
            let mark = second.anomaly.types.first { $0.value == type }?.mark ?? second.id.mark
            diagnostics.append(
                Diagnostic(
                    .error, code: PlaybookDiagnosticCode.anomalyOverlap.rawValue,
                    message: "anomaly '\(type)' is handled by more than one playbook; add 'match:' to tell them apart", at: mark,
                    notes: unmatched.filter { $0.id != second.id }.map { .init("also handled by '\($0.id.value)'", at: $0.id.mark) }))
        }
        if folder != nil, let triage, triageIsValidated {
            for anomaly in triage.anomalies where byAnomaly[anomaly.type.value] == nil {
                diagnostics.append(
                    Diagnostic(
                        .error, code: PlaybookDiagnosticCode.anomalyGap.rawValue,
                        message: "no playbook handles anomaly '\(anomaly.type.value)'; every anomaly type triage can give needs exactly one",
                        at: anomaly.type.mark, length: anomaly.type.length))
            }
        } else if let folder {
            for type in triage?.types ?? AnomalySpec.builtInTypes where byAnomaly[type] == nil {
                diagnostics.append(
                    Diagnostic(
                        .error, code: PlaybookDiagnosticCode.anomalyGap.rawValue,
                        message: "no playbook in this folder handles '\(type)'; every anomaly type triage can give needs exactly one",
                        at: SourceMark(file: folder, line: 1, column: 1, offset: 0)))
            }
        }
        return diagnostics
    }

    static func ordered(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.enumerated().sorted { ($0.element.mark, $0.offset) < ($1.element.mark, $1.offset) }.map(\.element)
    }
}

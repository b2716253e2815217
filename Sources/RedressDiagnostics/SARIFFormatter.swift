import Foundation

/// Diagnostics as a SARIF 2.1.0 log, the format code-scanning UIs read.
///
/// One run, tool `redress`; each distinct code becomes a rule; notes with a place become
/// related locations, placeless notes are appended to the message.
public enum SARIFFormatter {
    struct Log: Encodable {
        let schema = "https://json.schemastore.org/sarif-2.1.0.json"
        let version = "2.1.0"
        let runs: [Run]

        enum CodingKeys: String, CodingKey {
            case schema = "$schema"
            case version, runs
        }
    }

    struct Run: Encodable {
        let tool: Tool
        let results: [Result]
    }

    struct Tool: Encodable {
        let driver: Driver
    }

    struct Driver: Encodable {
        let name: String
        let version: String
        let informationUri: String
        let rules: [Rule]
    }

    struct Rule: Encodable {
        let id: String
    }

    struct Message: Encodable {
        let text: String
    }

    struct Region: Encodable {
        let startLine: Int
        let startColumn: Int
        let endColumn: Int
    }

    struct ArtifactLocation: Encodable {
        let uri: String
    }

    struct PhysicalLocation: Encodable {
        let artifactLocation: ArtifactLocation
        let region: Region
    }

    struct Location: Encodable {
        let id: Int?
        let message: Message?
        let physicalLocation: PhysicalLocation
    }

    struct Result: Encodable {
        let ruleId: String
        let level: String
        let message: Message
        let locations: [Location]
        let relatedLocations: [Location]?
    }

    /// The SARIF document for `diagnostics`, produced by tool version `version`.
    public static func format(_ diagnostics: [Diagnostic], version: String) -> String {
        let rules = Array(Set(diagnostics.map(\.code))).sorted().map(Rule.init)
        let results = diagnostics.map { diagnostic in
            let hints = diagnostic.notes.filter { $0.mark == nil }.map(\.message)
            let related = diagnostic.notes.compactMap { note in note.mark.map { (note.message, $0) } }.enumerated().map {
                Location(id: $0.offset, message: Message(text: $0.element.0), physicalLocation: physical($0.element.1, length: 1))
            }
            return Result(
                ruleId: diagnostic.code, level: level(diagnostic.severity),
                message: Message(text: ([diagnostic.message] + hints).joined(separator: " ")),
                locations: [Location(id: nil, message: nil, physicalLocation: physical(diagnostic.mark, length: diagnostic.length))],
                relatedLocations: related.isEmpty ? nil : related)
        }
        let log = Log(
            runs: [
                Run(
                    tool: Tool(driver: Driver(name: "redress", version: version, informationUri: "https://github.com/redress/redress", rules: rules)),
                    results: results)
            ])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let data = (try? encoder.encode(log)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    private static func physical(_ mark: SourceMark, length: Int) -> PhysicalLocation {
        PhysicalLocation(
            artifactLocation: ArtifactLocation(uri: mark.file),
            region: Region(startLine: mark.line, startColumn: mark.column, endColumn: mark.column + max(1, length)))
    }

    private static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: return "error"
        case .warning: return "warning"
        case .note: return "note"
        }
    }
}

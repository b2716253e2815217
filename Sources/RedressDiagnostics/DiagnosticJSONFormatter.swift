import Foundation

/// Diagnostics as JSON Lines: one object per diagnostic, one per line, keys sorted, for tools.
///
/// Each object has `file`, `line`, `column`, `end_column`, `severity`, `code`, `message` and
/// `notes` (each with `message` and, when it points somewhere, `file`, `line`, `column`).
public enum DiagnosticJSONFormatter {
    /// One diagnostic as the JSON formats write it (`file`, `line`, `column`, `end_column`,
    /// `severity`, `code`, `message`, `notes`).
    package struct Record: Encodable, Sendable {
        /// A note, with where it points when it does.
        package struct Note: Encodable, Sendable {
            let message: String
            let file: String?
            let line: Int?
            let column: Int?
        }

        let file: String
        let line: Int
        let column: Int
        let endColumn: Int
        let severity: String
        let code: String
        let message: String
        let notes: [Note]

        enum CodingKeys: String, CodingKey {
            case file, line, column, severity, code, message, notes
            case endColumn = "end_column"
        }
    }

    /// The record for `diagnostic` (also what the HTTP API's validation answer lists).
    package static func record(_ diagnostic: Diagnostic) -> Record {
        Record(
            file: diagnostic.mark.file, line: diagnostic.mark.line, column: diagnostic.mark.column,
            endColumn: diagnostic.mark.column + diagnostic.length, severity: diagnostic.severity.rawValue, code: diagnostic.code,
            message: diagnostic.message,
            notes: diagnostic.notes.map { Record.Note(message: $0.message, file: $0.mark?.file, line: $0.mark?.line, column: $0.mark?.column) })
    }

    /// The JSON Lines text for `diagnostics`, ending in a newline when not empty.
    public static func format(_ diagnostics: [Diagnostic]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return diagnostics.map { diagnostic in
            let data = (try? encoder.encode(record(diagnostic))) ?? Data("{}".utf8)
            return String(decoding: data, as: UTF8.self) + "\n"
        }.joined()
    }
}

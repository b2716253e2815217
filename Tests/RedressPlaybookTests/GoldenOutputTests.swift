import Foundation
import RedressDiagnostics
import RedressPlaybook
import Testing

/// The three output formats of `redress validate`, byte for byte. Set REDRESS_UPDATE_GOLDEN=1
/// to rewrite the expected files after an intended change, then review the diff.
@Suite struct GoldenOutputTests {
    static let folder = MarkedFixture.folder.appendingPathComponent("golden")

    private func diagnostics() throws -> (SourceFile, [Diagnostic]) {
        let bytes = Array(try Data(contentsOf: Self.folder.appendingPathComponent("input.yaml")))
        let source = SourceFile(path: "golden/input.yaml", bytes: bytes)
        return (source, PlaybookValidator(catalog: MarkedFixture.catalog).validate(source).diagnostics)
    }

    private func compare(_ actual: String, toGolden name: String) throws {
        let url = Self.folder.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["REDRESS_UPDATE_GOLDEN"] == "1" {
            try actual.write(to: url, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(actual == expected, "\(name) differs; run with REDRESS_UPDATE_GOLDEN=1 and review the diff")
    }

    @Test func humanOutputMatchesGolden() throws {
        let (source, diagnostics) = try diagnostics()
        try compare(DiagnosticRenderer(sources: [source]).render(diagnostics), toGolden: "expected.txt")
    }

    @Test func jsonLinesOutputMatchesGolden() throws {
        let (_, diagnostics) = try diagnostics()
        let text = DiagnosticJSONFormatter.format(diagnostics)
        for line in text.split(separator: "\n") {
            #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) != nil)
        }
        try compare(text, toGolden: "expected.jsonl")
    }

    @Test func sarifOutputMatchesGoldenAndIsSARIF210() throws {
        let (_, diagnostics) = try diagnostics()
        let text = SARIFFormatter.format(diagnostics, version: "test")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["version"] as? String == "2.1.0")
        let runs = try #require(object["runs"] as? [[String: Any]])
        #expect((runs.first?["results"] as? [Any])?.count == diagnostics.count)
        try compare(text, toGolden: "expected.sarif")
    }
}

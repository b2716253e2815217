import RedressDiagnostics
import Testing

@Suite struct DiagnosticRendererTests {
    private let source = SourceFile(
        path: "Playbooks/x.yaml",
        text: "steps:\n  - id: refund\n    uses: wallet.refnd\n  - id: refund\n")

    @Test func rendersHeaderSnippetCaretAndNoteLikeACompiler() {
        let diagnostic = Diagnostic(
            .error, code: "duplicate-step-id", message: "duplicate step id 'refund'",
            at: SourceMark(file: "Playbooks/x.yaml", line: 4, column: 9, offset: 50), length: 6,
            notes: [.init("first defined here", at: SourceMark(file: "Playbooks/x.yaml", line: 2, column: 9, offset: 15))])
        let text = DiagnosticRenderer(sources: [source]).render(diagnostic)
        #expect(
            text == """
                Playbooks/x.yaml:4:9: error: duplicate step id 'refund' [duplicate-step-id]
                 4 |   - id: refund
                   |         ^~~~~~
                Playbooks/x.yaml:2:9: note: first defined here
                 2 |   - id: refund
                   |         ^

                """)
    }

    @Test func caretLinesUpUnderWideChineseCharacters() {
        let chinese = SourceFile(path: "c.yaml", text: "title: 交易失败 oops\n")
        let diagnostic = Diagnostic(.warning, code: "x", message: "m", at: SourceMark(file: "c.yaml", line: 1, column: 13, offset: 20))
        let lines = DiagnosticRenderer(sources: [chinese]).render(diagnostic).split(separator: "\n")
        // Column 13 is the 'o' of "oops": "title: " takes 7 terminal columns, the four Chinese
        // characters 8, the space 1, so the caret needs 16 columns of padding.
        #expect(lines[2] == "   | " + String(repeating: " ", count: 16) + "^")
    }

    @Test func longLinesAreCutToAWindowAroundTheColumn() {
        let long = SourceFile(path: "l.yaml", text: String(repeating: "[", count: 5_000) + "\n")
        let diagnostic = Diagnostic(.error, code: "depth-limit", message: "deep", at: SourceMark(file: "l.yaml", line: 1, column: 2_000, offset: 1_999))
        let lines = DiagnosticRenderer(sources: [long]).render(diagnostic).split(separator: "\n")
        #expect(lines[1].count < 140)
        #expect(lines[1].hasPrefix(" 1 | ..."))
        let caretColumn = lines[2].firstIndex(of: "^").map { lines[2].distance(from: lines[2].startIndex, to: $0) }
        let gutter = " 1 | ".count
        #expect(caretColumn == gutter + 3 + 40)
    }

    @Test func diagnosticForAnUnknownFileStillPrintsItsHeader() {
        let diagnostic = Diagnostic(.error, code: "unreadable-file", message: "cannot open", at: SourceMark(file: "gone.yaml", line: 1, column: 1, offset: 0))
        #expect(DiagnosticRenderer(sources: []).render(diagnostic) == "gone.yaml:1:1: error: cannot open [unreadable-file]\n")
    }

    @Test func colorIsOnlyAddedWhenAsked() {
        let diagnostic = Diagnostic(.error, code: "c", message: "m", at: SourceMark(file: "gone.yaml", line: 1, column: 1, offset: 0))
        #expect(!DiagnosticRenderer(sources: []).render(diagnostic).contains("\u{1B}["))
        #expect(DiagnosticRenderer(sources: [], colored: true).render(diagnostic).contains("\u{1B}["))
    }
}

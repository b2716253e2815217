import RedressDiagnostics
import Testing

@Suite struct SourceFileTests {
    @Test func byteOffsetsBecomeMarksCountingYAMLLineBreaks() {
        // LF, CRLF, CR and NEL all end a line, as libyaml counts them.
        let source = SourceFile(path: "b.yaml", bytes: Array("a\nb\r\nc\rd\u{85}é!".utf8))
        #expect(source.mark(atByteOffset: 0) == SourceMark(file: "b.yaml", line: 1, column: 1, offset: 0))
        #expect(source.mark(atByteOffset: 2).line == 2)
        #expect(source.mark(atByteOffset: 5).line == 3)
        #expect(source.mark(atByteOffset: 7).line == 4)
        let afterAccent = source.mark(atByteOffset: 12)
        #expect(afterAccent.line == 5)
        #expect(afterAccent.column == 2)
    }

    @Test func lineTextIsTheWholeLineWithoutItsBreak() {
        let source = SourceFile(path: "l.yaml", text: "first\r\nsecond line\nthird")
        #expect(source.lineText(containingByteOffset: 10) == "second line")
        #expect(source.lineText(containingByteOffset: 0) == "first")
        #expect(source.lineText(containingByteOffset: 999) == "third")
    }

    @Test func diagnosticsSortInReadingOrder() {
        let late = SourceMark(file: "a.yaml", line: 3, column: 1, offset: 20)
        let early = SourceMark(file: "a.yaml", line: 1, column: 9, offset: 8)
        let otherFile = SourceMark(file: "b.yaml", line: 1, column: 1, offset: 0)
        #expect([otherFile, late, early].sorted() == [early, late, otherFile])
    }
}

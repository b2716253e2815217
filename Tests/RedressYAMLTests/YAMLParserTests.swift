import RedressDiagnostics
import RedressYAML
import Testing

@Suite struct YAMLParserTests {
    private func parse(_ text: String, options: YAMLParserOptions = YAMLParserOptions()) -> YAMLParseResult {
        YAMLParser(options: options).parseDocument(SourceFile(path: "t.yaml", text: text))
    }

    @Test func marksAreOneBasedWithByteOffsetsPastChineseText() throws {
        let text = "title: 交易失败\nsteps: [a, 退款]\n"
        let root = try #require(parse(text).document?.root)
        let steps = try #require(root["steps"])
        let bracketOffset = text.utf8.distance(from: text.startIndex, to: try #require(text.firstIndex(of: "[")))
        #expect(steps.mark == SourceMark(file: "t.yaml", line: 2, column: 8, offset: bracketOffset))
        let refund = try #require(steps.elements.last)
        #expect(refund.mark.line == 2)
        #expect(refund.mark.column == 12)
        #expect(refund.mark.offset == bracketOffset + 4)
        #expect(Array(text.utf8)[refund.mark.offset...].starts(with: Array("退款".utf8)))
        #expect(refund.scalar?.text == "退款")
    }

    @Test func byteOrderMarkIsSkippedButCountedInOffsets() throws {
        let source = SourceFile(path: "bom.yaml", bytes: [0xEF, 0xBB, 0xBF] + Array("a: 1\n".utf8))
        let root = try #require(YAMLParser().parseDocument(source).document?.root)
        let value = try #require(root["a"])
        #expect(value.mark.line == 1)
        #expect(value.mark.column == 4)
        #expect(value.mark.offset == 6)
    }

    @Test func yesNoOnOffStayStringsAndOnlyCoreBooleansAreBooleans() throws {
        let root = try #require(parse("a: yes\nb: no\nc: on\nd: off\ne: true\nf: False\ng: TRUE\n").document?.root)
        for key in ["a", "b", "c", "d"] {
            #expect(root[key]?.scalar?.resolved == .string(root[key]?.scalar?.text ?? ""))
            #expect(root[key]?.scalar?.bool == nil)
        }
        #expect(root["e"]?.scalar?.bool == true)
        #expect(root["f"]?.scalar?.bool == false)
        #expect(root["g"]?.scalar?.bool == true)
    }

    @Test func leadingZerosAndDecimalsKeepTheirOriginalText() throws {
        let root = try #require(parse("order: 0012345\namount: 10.10\nquoted: \"007\"\n").document?.root)
        #expect(root["order"]?.scalar?.text == "0012345")
        #expect(root["amount"]?.scalar?.text == "10.10")
        #expect(root["amount"]?.scalar?.resolved == .float("10.10"))
        #expect(root["quoted"]?.scalar?.resolved == .string("007"))
        #expect(root["order"]?.scalar?.integer == 12345)
    }

    @Test func nullTildeAndEmptyAreNullButQuotedNullIsAString() throws {
        let root = try #require(parse("a: null\nb: ~\nc:\nd: 'null'\ne: Null\n").document?.root)
        #expect(root["a"]?.isNull == true)
        #expect(root["b"]?.isNull == true)
        #expect(root["c"]?.isNull == true)
        #expect(root["d"]?.isNull == false)
        #expect(root["e"]?.isNull == true)
    }

    @Test func explicitCoreTagsDecideTheType() throws {
        let root = try #require(parse("a: !!str 123\nb: !!int \"42\"\nc: !!bool true\n").document?.root)
        #expect(root["a"]?.scalar?.resolved == .string("123"))
        #expect(root["b"]?.scalar?.integer == 42)
        #expect(root["c"]?.scalar?.bool == true)
    }

    @Test func escapedNulInsideAQuotedScalarIsKept() throws {
        let root = try #require(parse("a: \"x\\0y\"\n").document?.root)
        #expect(root["a"]?.scalar?.text == "x\u{0}y")
        #expect(root["a"]?.scalar?.text.utf8.count == 3)
    }

    @Test func scalarStylesAreKept() throws {
        let root = try #require(parse("p: a\ns: 'b'\nd: \"c\"\nl: |\n  d\nf: >\n  e\n").document?.root)
        #expect(root["p"]?.scalar?.style == .plain)
        #expect(root["s"]?.scalar?.style == .singleQuoted)
        #expect(root["d"]?.scalar?.style == .doubleQuoted)
        #expect(root["l"]?.scalar?.style == .literal)
        #expect(root["l"]?.scalar?.text == "d\n")
        #expect(root["f"]?.scalar?.style == .folded)
    }

    @Test func mappingsKeepKeyOrder() throws {
        let root = try #require(parse("zeta: 1\nalpha: 2\nmid: 3\n").document?.root)
        #expect(root.entries.compactMap(\.key.scalar?.text) == ["zeta", "alpha", "mid"])
    }

    @Test func duplicatePlainAndQuotedKeysAreReportedAtBothLocations() throws {
        let result = parse("steps: 1\nother: 2\n\"steps\": 3\n")
        let error = try #require(result.errors.first)
        #expect(result.errors.count == 1)
        #expect(error.code == .duplicateKey)
        #expect(error.mark.line == 3)
        #expect(error.mark.column == 1)
        #expect(error.notes.first?.mark?.line == 1)
        #expect(error.notes.first?.mark?.column == 1)
    }

    @Test func allSoftProblemsAreCollectedInOneParse() {
        let result = parse("a: 1\na: 2\nb: !x 1\n<<: {}\nc: *nope\n")
        #expect(result.errors.map(\.code) == [.duplicateKey, .disallowedTag, .mergeKey, .undefinedAlias])
        #expect(result.document != nil)
    }

    @Test func aliasesResolveToTheirAnchoredNode() throws {
        let root = try #require(parse("base: &b {timeout: 30s}\nuse: *b\n").document?.root)
        let use = try #require(root["use"])
        #expect(use.kind == .alias)
        #expect(use.aliasName == "b")
        #expect(use["timeout"]?.scalar?.text == "30s")
        #expect(use.resolved.mark.line == 1)
    }

    @Test func syntaxErrorPointsAtTheUnclosedBracket() throws {
        let error = try #require(parse("a: [1, 2\n").errors.first)
        #expect(error.code == .syntax)
        #expect(error.mark.line == 1)
        #expect(error.mark.column == 4)
        #expect(error.notes.first?.mark?.line == 2)
    }

    @Test func conformanceOptionsAcceptCustomTagsAndMergeKeys() {
        #expect(parse("a: !custom 1\n<<: {b: 1}\n", options: .conformance).isValid)
    }

    @Test func deepTreeWithinARaisedLimitIsBuiltAndFreedWithoutRecursion() throws {
        var options = YAMLParserOptions()
        options.maxDepth = 20_000
        let depth = 10_000
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        var node = try #require(parse(text, options: options).document?.root)
        var levels = 1
        while let child = node.elements.first {
            node = child
            levels += 1
        }
        #expect(levels == depth)
    }

    @Test func streamKeepsDocumentMarkers() {
        let result = YAMLParser().parseStream(SourceFile(path: "s.yaml", text: "a: 1\n---\nb: 2\n...\n"))
        #expect(result.documents.count == 2)
        #expect(result.documents[0].hasExplicitStart == false)
        #expect(result.documents[1].hasExplicitStart == true)
        #expect(result.documents[1].hasExplicitEnd == true)
    }
}

/// libyaml's commonest complaints come with advice in the author's words.
@Suite struct YAMLHintTests {
    func notes(_ text: String) -> [String] {
        let result = YAMLParser().parseDocument(SourceFile(path: "h.yaml", text: text), requireMapping: true)
        return result.errors.flatMap { $0.diagnostic.notes.map(\.message) }
    }

    @Test func aTabInTheIndentationSaysTabsCannotIndent() {
        #expect(notes("steps:\n\t- id: a\n").contains("tabs cannot indent YAML: indent with spaces"))
    }

    @Test func aKeyIndentedWronglyGetsIndentationAdvice() {
        #expect(notes("with:\n  resolution: ok\n    more: x\n").contains { $0.hasPrefix("a ':' where a value was expected: a key indented wrongly") })
    }
}

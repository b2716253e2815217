import Foundation
import RedressPlaybook
import Testing

/// A context backed by a dictionary of dotted paths.
struct DictionaryContext: ExpressionContext {
    var values: [String: Value]
    func value(at segments: [PathSegment]) -> Value { values[segments.map(\.description).joined(separator: ".")] ?? .null }
}

@Suite struct ExpressionTests {
    private func evaluate(_ text: String, _ values: [String: Value] = [:]) throws -> Value {
        try ExpressionEvaluator.evaluate(try ExpressionParser.parse(text), in: DictionaryContext(values: values))
    }

    @Test func precedenceIsNotThenComparisonThenAndThenOr() throws {
        #expect(try evaluate("1 < 2 && 3 > 4 || !false") == .bool(true))
        #expect(try evaluate("!(1 == 1) || 2 >= 3") == .bool(false))
    }

    @Test func integersAndDecimalsCompareByValueExactly() throws {
        #expect(try evaluate("a == 10", ["a": .decimal(Decimal(string: "10.00")!)]) == .bool(true))
        #expect(try evaluate("a > 9.99", ["a": .integer(10)]) == .bool(true))
    }

    @Test func durationsAreLiteralsAndCompare() throws {
        #expect(try evaluate("age > 15m", ["age": .duration(.seconds(1_200))]) == .bool(true))
        #expect(try evaluate("1h30m == 90m") == .bool(true))
    }

    @Test func inWorksOnListsAndStrings() throws {
        #expect(try evaluate("cause in ['network', 'channel_outage']", ["cause": .string("network")]) == .bool(true))
        #expect(try evaluate("'net' in 'network'") == .bool(true))
        #expect(try evaluate("'x' in ['a']") == .bool(false))
    }

    @Test func functionsAreSmallAndPure() throws {
        #expect(try evaluate("len('交易失败')") == .integer(4))
        #expect(try evaluate("upper('cny')") == .string("CNY"))
        #expect(try evaluate("starts_with('ORD-1', 'ORD-')") == .bool(true))
        #expect(try evaluate("contains(['a', 'b'], 'b')") == .bool(true))
        #expect(try evaluate("default(missing, 'fallback')") == .string("fallback"))
        #expect(try evaluate("join(['a', 'b'], ', ')") == .string("a, b"))
    }

    @Test func andShortCircuitsSoTheRightSideNeedNotBeValid() throws {
        #expect(try evaluate("false && (1 < 'x')") == .bool(false))
    }

    @Test func syntaxErrorsPointAtTheExactColumn() {
        #expect(throws: ExpressionSyntaxError("'=' is not an operator; compare with '=='", at: 9..<10)) {
            try ExpressionParser.parse("inputs.a = 'x'")
        }
        #expect(throws: ExpressionSyntaxError("string is not closed", at: 5..<6)) { try ExpressionParser.parse("a == 'open") }
    }

    @Test func nestingIsBoundedSoNoInputCanExhaustTheStack() {
        let deep = String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000)
        #expect(throws: ExpressionSyntaxError.self) { try ExpressionParser.parse(deep) }
        let chained = (0..<5_000).map { _ in "!" }.joined() + "true"
        #expect(throws: ExpressionSyntaxError.self) { try ExpressionParser.parse(chained) }
    }

    @Test func templateRendersOnceAndNeverEvaluatesDataAgain() throws {
        let template = try Template.parse("Dear ${{ name }}, order ${{ order }}")
        let hostile = "${{ run.id }}"
        let rendered = try template.render(in: DictionaryContext(values: ["name": .string(hostile), "order": .string("ORD-1")]))
        #expect(rendered == .string("Dear ${{ run.id }}, order ORD-1"))
    }

    @Test func singleExpressionTemplateKeepsItsType() throws {
        let template = try Template.parse("${{ amount }}")
        #expect(template.isSingleExpression)
        #expect(try template.render(in: DictionaryContext(values: ["amount": .decimal(12.5)])) == .decimal(12.5))
    }

    @Test func unclosedTemplateIsAnErrorAtTheOpener() {
        #expect(throws: ExpressionSyntaxError("'${{' is never closed with '}}'", at: 3..<6)) { try Template.parse("hi ${{ name") }
    }

    @Test func closingBracesInsideStringsDoNotEndTheExpression() throws {
        let template = try Template.parse("${{ '}}' == x }}")
        #expect(template.isSingleExpression)
    }

    @Test func typeCheckerReportsEveryProblemNotJustTheFirst() throws {
        struct EmptyScope: ExpressionScope {
            func resolve(_ segments: [PathSegment]) -> PathResolution { .type(.string) }
        }
        var checker = ExpressionTypeChecker(scope: EmptyScope())
        _ = checker.check(try ExpressionParser.parse("a > 2 && nope(b) && len(c, d)"))
        #expect(checker.problems.map(\.code) == [.typeMismatch, .unknownFunction, .wrongArguments])
    }
}

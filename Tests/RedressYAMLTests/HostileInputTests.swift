import Foundation
import RedressDiagnostics
import RedressYAML
import Testing

/// Hostile files each get their precise error (code and `line:col`), and never a crash or hang.
///
/// Small cases are fixture files under `Fixtures/hostile/`, each with a `.expected` file listing
/// `line:col code` per diagnostic; the huge ones are generated here.
@Suite struct HostileInputTests {
    static let fixtureNames: [String] = {
        let folder = Fixtures.url("hostile").path
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
    }()

    @Test func everyHostileFixtureHasExpectations() {
        #expect(Self.fixtureNames.count >= 20)
    }

    @Test(arguments: fixtureNames)
    func hostileFixtureGetsItsPreciseDiagnostics(_ name: String) throws {
        let expected = try Fixtures.text("hostile/\(name).expected").split(separator: "\n").map(String.init)
        let (_, result) = YAMLParser().parseFile(atPath: Fixtures.url("hostile/\(name).yaml").path, requireMapping: true)
        let actual = result.errors.map { "\($0.mark.line):\($0.mark.column) \($0.code.rawValue)" }
        #expect(actual == expected)
    }

    @Test(arguments: [
        ("flow sequences", "["),
        ("flow mappings", "{a: "),
        ("block sequences", "- "),
    ])
    func hundredThousandLevelsFailAtTheDepthLimit(_ shape: String, _ opener: String) {
        let text = String(repeating: opener, count: 100_000) + "x"
        let result = YAMLParser().parseDocument(SourceFile(path: "deep.yaml", text: text))
        #expect(result.errors.map(\.code) == [.depthLimit], "\(shape)")
        #expect(result.errors.first?.mark.line == 1)
        #expect(result.errors.first?.mark.column == 64 * opener.count + 1)
    }

    @Test func fileOverTheSizeLimitIsRefusedBeforeParsing() {
        let text = "a: " + String(repeating: "x", count: 5 << 20) + "\n"
        let result = YAMLParser().parseDocument(SourceFile(path: "big.yaml", text: text))
        #expect(result.errors.map(\.code) == [.fileTooLarge])
    }

    @Test func scalarOverTheLengthLimitIsRefused() {
        var options = YAMLParserOptions()
        options.maxScalarLength = 1_000
        let text = "a: ok\nb: " + String(repeating: "x", count: 1_001) + "\n"
        let result = YAMLParser(options: options).parseDocument(SourceFile(path: "long.yaml", text: text))
        #expect(result.errors.map(\.code) == [.scalarTooLong])
        #expect(result.errors.first?.mark.line == 2)
    }

    @Test func documentOverTheNodeLimitIsRefused() {
        var options = YAMLParserOptions()
        options.maxNodes = 100
        let text = "items: [" + (0..<200).map(String.init).joined(separator: ", ") + "]\n"
        let result = YAMLParser(options: options).parseDocument(SourceFile(path: "many.yaml", text: text))
        #expect(result.errors.map(\.code) == [.nodeLimit])
    }

    @Test func aliasIntoAnEarlierDocumentIsNamedAsSuch() {
        let result = YAMLParser().parseStream(SourceFile(path: "docs.yaml", text: "a: &x 1\n---\nb: *x\n"))
        #expect(result.errors.map(\.code) == [.aliasAcrossDocuments])
        #expect(result.errors.first?.mark.line == 3)
    }

    @Test func aliasThatWouldNestTooDeepIsRefused() {
        // 40 levels under an anchor, used 40 levels down: each half is legal, together 80 deep.
        let inner = String(repeating: "[", count: 40) + "x" + String(repeating: "]", count: 40)
        let text = "a: &deep \(inner)\nb: " + String(repeating: "[", count: 40) + "*deep" + String(repeating: "]", count: 40) + "\n"
        let result = YAMLParser().parseDocument(SourceFile(path: "alias-depth.yaml", text: text))
        #expect(result.errors.map(\.code) == [.depthLimit])
    }

    @Test func unreadablePathIsAnError() {
        let (_, result) = YAMLParser().parseFile(atPath: "/nonexistent/playbook.yaml")
        #expect(result.errors.map(\.code) == [.unreadable])
        let (_, folder) = YAMLParser().parseFile(atPath: Fixtures.root.path)
        #expect(folder.errors.map(\.code) == [.unreadable])
    }
}

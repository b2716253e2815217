import Foundation
import RedressDiagnostics
import RedressYAML
import Testing

/// Runs all 402 cases of the official YAML test suite through the node layer.
///
/// Valid cases must give exactly the expected events; error cases must be rejected. Every case
/// that does otherwise must be listed, with its reason, in `conformance-deviations.txt`; a new
/// deviation fails, and so does a listed one that has started to pass (so the list stays true).
@Suite struct YAMLTestSuiteTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let id: String
        let folder: URL
        let isError: Bool
        var testDescription: String { id }
    }

    static let cases: [Case] = {
        let suite = Fixtures.url("yaml-test-suite")
        let paths = (FileManager.default.enumerator(atPath: suite.path)?.allObjects as? [String]) ?? []
        return paths.filter { $0.hasSuffix("/in.yaml") }.sorted().map { path in
            let id = String(path.dropLast("/in.yaml".count))
            let folder = suite.appendingPathComponent(id)
            let isError = FileManager.default.fileExists(atPath: folder.appendingPathComponent("error").path)
            return Case(id: id, folder: folder, isError: isError)
        }
    }()

    static let deviations: [String: String] = {
        guard let text = try? Fixtures.text("conformance-deviations.txt") else { return [:] }
        var map: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            map[line[..<colon].trimmingCharacters(in: .whitespaces)] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return map
    }()

    /// Whether the layer does what the suite expects for one case, and what it did instead.
    static func outcome(of testCase: Case) throws -> (passes: Bool, detail: String) {
        let bytes = Array(try Data(contentsOf: testCase.folder.appendingPathComponent("in.yaml")))
        let result = YAMLParser(options: .conformance).parseStream(SourceFile(path: testCase.id, bytes: bytes))
        if testCase.isError {
            return (!result.errors.isEmpty, "accepted an invalid document")
        }
        if let error = result.errors.first { return (false, "rejected: \(error)") }
        let expected = try String(contentsOf: testCase.folder.appendingPathComponent("test.event"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        let actual = TestEventWriter.lines(for: result.documents)
        return (expected == actual, "events differ:\nexpected: \(expected)\nactual:   \(actual)")
    }

    @Test(arguments: cases)
    func caseMatchesTheSuiteOrIsAListedDeviation(_ testCase: Case) throws {
        let (passes, detail) = try Self.outcome(of: testCase)
        if let reason = Self.deviations[testCase.id] {
            #expect(!passes, "\(testCase.id) now conforms; remove it from conformance-deviations.txt (was: \(reason))")
        } else {
            #expect(passes, "\(testCase.id): \(detail)")
        }
    }

    @Test func scoreIsAtLeastLibyamlsOwn() throws {
        var validExact = 0
        var errorsRejected = 0
        for testCase in Self.cases {
            let passes = try Self.outcome(of: testCase).passes
            if passes, testCase.isError { errorsRejected += 1 }
            if passes, !testCase.isError { validExact += 1 }
        }
        let validCount = Self.cases.count { !$0.isError }
        print("yaml-test-suite: \(validExact)/\(validCount) valid exact, \(errorsRejected)/\(Self.cases.count - validCount) errors rejected")
        #expect(Self.cases.count == 402)
        #expect(validExact >= 252)
        #expect(errorsRejected >= 78)
    }
}

import Foundation
import RedressDiagnostics
import RedressPlaybook
import Testing

/// One fixture per diagnostic code, each asserting the exact positions of its diagnostics.
@Suite struct DiagnosticFixtureTests {
    static let singleFileFixtures: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: MarkedFixture.folder.appendingPathComponent("diagnostics").path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { "diagnostics/" + $0 }
    }()

    static let setFixtures = ["sets/anomaly-overlap", "sets/duplicate-playbook-id", "sets/anomaly-gap"]

    @Test func everyDiagnosticCodeHasAFixture() {
        let covered = Set(Self.singleFileFixtures.map { String($0.dropFirst("diagnostics/".count).dropLast(".yaml".count)) })
            .union(Self.setFixtures.map { String($0.dropFirst("sets/".count)) })
            .union(ManifestDiagnosticTests.fixtures.map { String($0.dropFirst("manifests/".count).dropLast(".yaml".count)) })
            .union(TriageTests.fixtures.map { String($0.dropFirst("triage/".count).dropLast(".yaml".count)) })
        let missing = PlaybookDiagnosticCode.allCases.map(\.rawValue).filter { !covered.contains($0) }
        #expect(missing.isEmpty, "codes without a fixture: \(missing)")
    }

    @Test(arguments: singleFileFixtures)
    func fixtureYieldsExactlyItsMarkedDiagnostics(_ path: String) throws {
        let fixture = try MarkedFixture(relativePath: path)
        #expect(!fixture.expectations.isEmpty)
        let report = PlaybookValidator(catalog: MarkedFixture.catalog).validate(fixture.source)
        let (missing, unexpected) = fixture.unmatched(report.diagnostics)
        #expect(missing.isEmpty, "missing: \(missing); got: \(report.diagnostics)")
        #expect(unexpected.isEmpty, "unexpected: \(unexpected)")
    }

    @Test(arguments: setFixtures)
    func setFixtureYieldsExactlyItsMarkedDiagnostics(_ folder: String) throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: MarkedFixture.folder.appendingPathComponent(folder).path).sorted()
        let fixtures = try names.map { try MarkedFixture(relativePath: "\(folder)/\($0)") }
        let validator = PlaybookValidator(catalog: MarkedFixture.catalog)
        let reports = fixtures.map { validator.validate($0.source) }
        let coverage = folder.hasSuffix("gap") ? folder : nil
        let diagnostics = reports.flatMap(\.diagnostics) + validator.validateSet(reports, coverageOf: coverage)
        if coverage != nil {
            // A gap has no line to mark: it is reported at the folder, once per missing anomaly.
            #expect(diagnostics.map(\.code) == Array(repeating: "anomaly-gap", count: 3))
            #expect(diagnostics.allSatisfy { $0.mark.file == folder && $0.mark.line == 1 })
            #expect(diagnostics.map(\.message).contains { $0.contains("'funds_frozen'") })
            return
        }
        let expectations = fixtures.flatMap(\.expectations)
        #expect(diagnostics.count == expectations.count, "\(diagnostics)")
        for fixture in fixtures {
            let mine = diagnostics.filter { $0.mark.file == fixture.path }
            let (missing, unexpected) = fixture.unmatched(mine)
            #expect(missing.isEmpty, "missing: \(missing); got: \(mine)")
            #expect(unexpected.isEmpty, "unexpected: \(unexpected)")
        }
    }
}

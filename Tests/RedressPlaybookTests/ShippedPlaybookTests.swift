import Foundation
import RedressDiagnostics
import RedressPlaybook
import Testing

/// The playbooks in `Playbooks/` are what ops run; they must always validate clean.
@Suite struct ShippedPlaybookTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Playbooks")

    static let files: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") && !$0.hasSuffix(".test.yaml") }.sorted()
    }()

    @Test func allFourAnomalyPlaybooksShip() {
        #expect(Self.files == ["funds-frozen.yaml", "status-mismatch.yaml", "system-timeout.yaml", "transaction-failed.yaml"])
    }

    @Test(arguments: files)
    func shippedPlaybookValidatesWithNoDiagnosticAtAll(_ name: String) {
        let report = PlaybookValidator(catalog: MarkedFixture.catalog).validateFile(atPath: Self.folder.appendingPathComponent(name).path)
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics)")
        #expect(report.isRunnable)
    }

    @Test func shippedPlaybooksCoverEachAnomalyOnceWithoutOverlap() {
        let validator = PlaybookValidator(catalog: MarkedFixture.catalog)
        let reports = Self.files.map { validator.validateFile(atPath: Self.folder.appendingPathComponent($0).path) }
        #expect(validator.validateSet(reports).isEmpty)
        let types = Set(reports.compactMap(\.playbook).flatMap { $0.anomaly.types.map(\.value) })
        #expect(types == Set(AnomalySpec.builtInTypes))
    }

    @Test func everyMoneyMovingStepIsPrecededByVerificationOnEveryPath() throws {
        // The validator's policy check is what guarantees it; this test pins that the shipped
        // playbooks do move money (so the guarantee is exercised, not vacuous).
        let validator = PlaybookValidator(catalog: MarkedFixture.catalog)
        let moving = Self.files.compactMap { validator.validateFile(atPath: Self.folder.appendingPathComponent($0).path).playbook }
            .flatMap(\.steps).filter { MarkedFixture.catalog[$0.uses.value]?.policy.needsVerifiedIdentity ?? false }
        #expect(moving.map(\.id.value).sorted() == ["pay_again", "pay_again", "release"])
    }
}

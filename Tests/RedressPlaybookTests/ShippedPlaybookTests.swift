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
        return names.filter { PlaybookFiles.isPlaybook($0) && $0.hasSuffix(".yaml") }.sorted()
    }()

    /// The shipped triage file, which the playbooks are checked against.
    static let triage: TriageRules? = TriageLoader.load(path: folder.appendingPathComponent(TriageLoader.fileName).path).usableRules

    @Test func aPlaybookShipsForEveryAnomalyTheShippedTriageGives() {
        #expect(
            Self.files == [
                "duplicate-charge.yaml", "funds-frozen.yaml", "refund-request.yaml", "status-mismatch.yaml", "system-timeout.yaml", "transaction-failed.yaml",
            ])
        #expect(Set(Self.triage?.types ?? []) == Set(AnomalySpec.builtInTypes + ["refund_request"]))
    }

    @Test(arguments: files)
    func shippedPlaybookValidatesWithNoDiagnosticAtAll(_ name: String) {
        let report = PlaybookValidator(catalog: MarkedFixture.catalog, triage: Self.triage).validateFile(atPath: Self.folder.appendingPathComponent(name).path)
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics)")
        #expect(report.isRunnable)
    }

    @Test func shippedPlaybooksCoverEachAnomalyOnceWithoutOverlap() {
        let validator = PlaybookValidator(catalog: MarkedFixture.catalog, triage: Self.triage)
        let reports = Self.files.map { validator.validateFile(atPath: Self.folder.appendingPathComponent($0).path) }
        #expect(validator.validateSet(reports, coverageOf: Self.folder.path).isEmpty)
        let types = Set(reports.compactMap(\.playbook).flatMap { $0.anomaly.types.map(\.value) })
        #expect(types == Set(Self.triage?.types ?? []))
    }

    @Test func everyMoneyMovingStepIsPrecededByVerificationOnEveryPath() throws {
        // The validator's policy check is what guarantees it; this test pins that the shipped
        // playbooks do move money (so the guarantee is exercised, not vacuous).
        let validator = PlaybookValidator(catalog: MarkedFixture.catalog)
        let moving = Self.files.compactMap { validator.validateFile(atPath: Self.folder.appendingPathComponent($0).path).playbook }
            .flatMap(\.steps).filter { MarkedFixture.catalog[$0.uses.value]?.policy.needsVerifiedIdentity ?? false }
        #expect(moving.map(\.id.value).sorted() == ["pay_again", "pay_again", "refund_duplicate", "refund_requested", "release"])
    }
}

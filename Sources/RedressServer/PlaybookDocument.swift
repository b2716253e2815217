import Foundation
import RedressPlaybook

/// One playbook of `GET /v1/playbooks`: its id, title, the anomaly types it handles, and whether
/// it may run (a playbook with an error never runs).
struct PlaybookDocument: Encodable {
    let id: String?
    let title: String?
    let anomalies: [String]
    let path: String
    let valid: Bool
    let errors: Int

    init(_ report: PlaybookValidator.Report, path: String) {
        id = report.playbook?.id.value
        title = report.playbook?.title
        anomalies = report.playbook?.anomaly.types.map(\.value) ?? []
        self.path = path
        valid = report.isRunnable
        errors = report.diagnostics.filter { $0.severity == .error }.count
    }
}

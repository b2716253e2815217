import Foundation
import RedressDiagnostics
import RedressPlaybook
import RedressWalletAPI
import RedressWalletPlugin

/// The triage rules a command classifies orders with: `triage.yaml` in the playbook folder
/// (`--playbooks`, else `$REDRESS_PLAYBOOKS`, else `./Playbooks`), else the shipped rules built in.
/// A triage file with an error is printed and stops the command (exit 2): it never classifies.
enum TriageFile {
    /// The rules for `folder` (`nil`: the default playbook folder).
    static func load(folder: String?) throws -> TriageRules {
        let base = folder ?? ProcessInfo.processInfo.environment["REDRESS_PLAYBOOKS"].flatMap { $0.isEmpty ? nil : $0 } ?? "Playbooks"
        let path = (base as NSString).appendingPathComponent(TriageLoader.fileName)
        guard FileManager.default.fileExists(atPath: path) else { return WalletPlugin.builtInTriage }
        let report = TriageLoader.load(path: path)
        guard let rules = report.usableRules else {
            FileOutput.standardError.write(DiagnosticRenderer(sources: [report.source], colored: FileOutput.standardError.wantsColor).render(report.diagnostics))
            FileOutput.standardError.write("redress: error: \(path) has errors; no order is classified with it\n")
            throw ExitStatus.usage
        }
        return rules
    }

    /// The triage file among `paths` (a triage file itself, or one at the top of a folder), read
    /// and checked, for `validate` and `test`; `nil` when none is there.
    static func among(_ paths: [String]) -> TriageLoader.Report? {
        for path in paths {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { continue }
            let candidate = isFolder.boolValue ? (path as NSString).appendingPathComponent(TriageLoader.fileName) : path
            if PlaybookFiles.isTriage(candidate), FileManager.default.fileExists(atPath: candidate) { return TriageLoader.load(path: candidate) }
        }
        return nil
    }
}

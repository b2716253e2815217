import Foundation
import RedressDiagnostics
import RedressPlaybook
import RedressYAML

/// Finds the one playbook whose `anomaly` (and `match`, if any) fits an order.
package enum PlaybookChooser {
    /// Why no playbook could be chosen, for the operator.
    package struct Failure: Error {
        package let message: String
    }

    /// `anomaly.type` and `anomaly.cause` for a playbook's `match` condition.
    package struct AnomalyContext: ExpressionContext {
        let type: String
        let cause: String

        package init(type: String, cause: String) {
            self.type = type
            self.cause = cause
        }

        package func value(at segments: [PathSegment]) -> Value {
            guard segments.count == 2, segments[0].name == "anomaly" else { return .null }
            switch segments[1].name {
            case "type": return .string(type)
            case "cause", "reason": return .string(cause)
            default: return .null
            }
        }
    }

    /// Whether `playbook` handles an order classified `anomaly` with `cause`: its types name the
    /// anomaly and its `match`, if any, holds.
    package static func fits(_ playbook: Playbook, anomaly: String, cause: String) -> Bool {
        guard playbook.anomaly.types.contains(where: { $0.value == anomaly }) else { return false }
        guard let match = playbook.anomaly.match else { return true }
        let value = try? ExpressionEvaluator.evaluate(match.expression, in: AnomalyContext(type: anomaly, cause: cause))
        return value?.isTrue == true
    }

    package static func choose(in folder: String, anomaly: String, cause: String, validator: PlaybookValidator) throws -> (path: String, text: String) {
        let files: [String]
        do {
            files = try YAMLFileFinder.files(in: [folder]).filter { PlaybookFiles.isPlaybook($0) }
        } catch {
            throw Failure(message: "no playbook folder '\(folder)'")
        }
        var matches: [(String, String)] = []
        for file in files {
            let report = validator.validateFile(atPath: file)
            guard let playbook = report.playbook, report.isRunnable, fits(playbook, anomaly: anomaly, cause: cause) else { continue }
            matches.append((file, String(decoding: report.source.bytes, as: UTF8.self)))
        }
        guard let first = matches.first else { throw Failure(message: "no valid playbook in '\(folder)' handles \(anomaly)") }
        guard matches.count == 1 else {
            throw Failure(message: "more than one playbook handles \(anomaly): " + matches.map(\.0).joined(separator: ", "))
        }
        return first
    }
}

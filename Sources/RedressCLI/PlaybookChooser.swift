import Foundation
import RedressDiagnostics
import RedressPlaybook
import RedressYAML

/// Finds the one playbook whose `anomaly` (and `match`, if any) fits an order.
enum PlaybookChooser {
    struct Failure: Error {
        let message: String
    }

    struct AnomalyContext: ExpressionContext {
        let type: String
        let cause: String
        func value(at segments: [PathSegment]) -> Value {
            guard segments.count == 2, segments[0].name == "anomaly" else { return .null }
            switch segments[1].name {
            case "type": return .string(type)
            case "cause", "reason": return .string(cause)
            default: return .null
            }
        }
    }

    static func choose(in folder: String, anomaly: String, cause: String, validator: PlaybookValidator) throws -> (path: String, text: String) {
        let files: [String]
        do {
            files = try YAMLFileFinder.files(in: [folder]).filter { !$0.hasSuffix(".test.yaml") }
        } catch {
            throw Failure(message: "no playbook folder '\(folder)'")
        }
        var matches: [(String, String)] = []
        for file in files {
            let report = validator.validateFile(atPath: file)
            guard let playbook = report.playbook, report.isRunnable, playbook.anomaly.types.contains(where: { $0.value == anomaly }) else { continue }
            if let match = playbook.anomaly.match {
                let value = try? ExpressionEvaluator.evaluate(match.expression, in: AnomalyContext(type: anomaly, cause: cause))
                guard value?.isTrue == true else { continue }
            }
            matches.append((file, String(decoding: report.source.bytes, as: UTF8.self)))
        }
        guard let first = matches.first else { throw Failure(message: "no valid playbook in '\(folder)' handles \(anomaly)") }
        guard matches.count == 1 else {
            throw Failure(message: "more than one playbook handles \(anomaly): " + matches.map(\.0).joined(separator: ", "))
        }
        return first
    }
}

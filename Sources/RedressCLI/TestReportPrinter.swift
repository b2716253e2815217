import Foundation
import RedressPlaybookTesting

/// Prints `redress test` results as text, JSON or JUnit XML.
enum TestReportPrinter {
    static func human(_ files: [PlaybookTestFileResult], colored: Bool) -> String {
        let green = colored ? "\u{1B}[32m" : "", red = colored ? "\u{1B}[31m" : "", reset = colored ? "\u{1B}[0m" : ""
        var text = ""
        for file in files {
            text += "\(file.path) (\(file.playbookPath))\n"
            for result in file.cases {
                let mark = result.passed ? "\(green)✓\(reset)" : "\(red)✗\(reset)"
                text += "  \(mark) \(result.name)  [\(result.actualPath.count) steps, \(result.status), \(virtual(result.virtualSeconds)) virtual]\n"
                for failure in result.failures where failure != "path" { text += "      \(failure)\n" }
                if result.failures.contains("path"), let expected = result.expectedPath {
                    text += "      path (- expected, + actual):\n"
                    for line in PathDiff.lines(expected: expected, actual: result.actualPath) { text += "        \(line)\n" }
                }
            }
        }
        let cases = files.flatMap(\.cases)
        let failed = cases.count { !$0.passed }
        text += "\(files.count) file\(files.count == 1 ? "" : "s"), \(cases.count) case\(cases.count == 1 ? "" : "s"): \(cases.count - failed) passed, \(failed) failed\n"
        return text
    }

    private static func virtual(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        if total >= 3_600 { return "\(total / 3_600)h\(total % 3_600 / 60 > 0 ? "\(total % 3_600 / 60)m" : "")" }
        if total >= 60 { return "\(total / 60)m" }
        return "\(total)s"
    }

    struct FileJSON: Encodable {
        let path: String
        let playbook: String
        let cases: [CaseJSON]
    }

    struct CaseJSON: Encodable {
        let name: String
        let passed: Bool
        let failures: [String]
        let expectedPath: [String]?
        let actualPath: [String]
        let status: String
        let resolution: String?
        let messages: [String]
        let effects: [String]
        let virtualSeconds: Double

        enum CodingKeys: String, CodingKey {
            case name, passed, failures, status, resolution, messages, effects
            case expectedPath = "expected_path", actualPath = "actual_path", virtualSeconds = "virtual_seconds"
        }
    }

    static func json(_ files: [PlaybookTestFileResult]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let value = files.map { file in
            FileJSON(
                path: file.path, playbook: file.playbookPath,
                cases: file.cases.map {
                    CaseJSON(
                        name: $0.name, passed: $0.passed, failures: $0.failures, expectedPath: $0.expectedPath, actualPath: $0.actualPath, status: $0.status,
                        resolution: $0.resolution, messages: $0.messages, effects: $0.effects, virtualSeconds: $0.virtualSeconds)
                })
        }
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }

    static func junit(_ files: [PlaybookTestFileResult]) -> String {
        let cases = files.flatMap(\.cases)
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<testsuites name=\"redress test\" tests=\"\(cases.count)\" failures=\"\(cases.count { !$0.passed })\" time=\"\(seconds(cases.map(\.wallSeconds).reduce(0, +)))\">\n"
        for file in files {
            let failed = file.cases.count { !$0.passed }
            xml += "  <testsuite name=\"\(escape(file.path))\" tests=\"\(file.cases.count)\" failures=\"\(failed)\" time=\"\(seconds(file.cases.map(\.wallSeconds).reduce(0, +)))\">\n"
            let classname = ((file.playbookPath as NSString).lastPathComponent as NSString).deletingPathExtension
            for result in file.cases {
                xml += "    <testcase classname=\"\(escape(classname))\" name=\"\(escape(result.name))\" time=\"\(seconds(result.wallSeconds))\""
                if result.passed {
                    xml += "/>\n"
                    continue
                }
                var details = result.failures.filter { $0 != "path" }
                if result.failures.contains("path"), let expected = result.expectedPath {
                    details.append("path (- expected, + actual):\n" + PathDiff.lines(expected: expected, actual: result.actualPath).joined(separator: "\n"))
                }
                let summary = result.failures.first == "path" ? "the path differs" : result.failures.first ?? "failed"
                xml += ">\n      <failure message=\"\(escape(summary))\" type=\"PlaybookTestFailure\">\(escape(details.joined(separator: "\n")))</failure>\n    </testcase>\n"
            }
            xml += "  </testsuite>\n"
        }
        return xml + "</testsuites>\n"
    }

    private static func seconds(_ value: Double) -> String { String(format: "%.3f", value) }

    static func escape(_ text: String) -> String {
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            case "\n", "\t": escaped.unicodeScalars.append(scalar)
            default:
                // XML 1.0 cannot carry other control characters at all.
                if scalar.value < 0x20 { escaped += "?" } else { escaped.unicodeScalars.append(scalar) }
            }
        }
        return escaped
    }
}

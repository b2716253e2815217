import Foundation
import RedressDiagnostics
import RedressFlowPlugin
import RedressPlaybook
import RedressWalletAPI
import RedressWalletPlugin

/// A fixture playbook whose expected diagnostics are written in the file itself, in the style
/// of SwiftLint's and swift-format's tests: `↓` marks each position, and `# expect:` lines say,
/// in the same order, the severity, the code and a part of the message.
struct MarkedFixture {
    struct Expectation: Equatable, CustomStringConvertible {
        var line: Int
        var column: Int
        var severity: String
        var code: String
        var messagePart: String
        var description: String { "\(line):\(column) \(severity) \(code) \"\(messagePart)\"" }
    }

    let path: String
    let source: SourceFile
    let expectations: [Expectation]

    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static let catalog: HandlerCatalog = {
        do {
            return try HandlerCatalog(FlowPlugin.descriptors + WalletPlugin.descriptors)
        } catch {
            preconditionFailure("the built-in handlers have a duplicate name: \(error)")
        }
    }()

    init(relativePath: String) throws {
        path = relativePath
        let text = try String(contentsOf: Self.folder.appendingPathComponent(relativePath), encoding: .utf8)
        var stripped: [String] = []
        var marks: [(line: Int, column: Int)] = []
        var declared: [(String, String, String)] = []
        for (index, line) in text.components(separatedBy: "\n").enumerated() {
            if line.hasPrefix("# expect: ") {
                let words = line.dropFirst("# expect: ".count).split(separator: " ", maxSplits: 2).map(String.init)
                declared.append((words[0], words[1], words.count > 2 ? words[2] : ""))
            }
            var clean = String.UnicodeScalarView()
            for scalar in line.unicodeScalars {
                if scalar == "↓" {
                    marks.append((index + 1, clean.count + 1))
                } else {
                    clean.append(scalar)
                }
            }
            stripped.append(String(clean))
        }
        source = SourceFile(path: relativePath, text: stripped.joined(separator: "\n"))
        expectations = zip(marks, declared).map {
            Expectation(line: $0.0.line, column: $0.0.column, severity: $0.1.0, code: $0.1.1, messagePart: $0.1.2)
        }
        guard marks.count == declared.count else {
            throw FixtureError(message: "\(relativePath): \(marks.count) markers but \(declared.count) expectations")
        }
    }

    /// Whether `diagnostics` are exactly the expected ones (position, severity, code) with the
    /// expected words in each message.
    func unmatched(_ diagnostics: [Diagnostic]) -> (missing: [Expectation], unexpected: [Diagnostic]) {
        var remaining = diagnostics
        var missing: [Expectation] = []
        for expectation in expectations {
            if let index = remaining.firstIndex(where: {
                $0.mark.line == expectation.line && $0.mark.column == expectation.column && $0.severity.rawValue == expectation.severity
                    && $0.code == expectation.code && $0.message.contains(expectation.messagePart)
            }) {
                remaining.remove(at: index)
            } else {
                missing.append(expectation)
            }
        }
        return (missing, remaining)
    }

    struct FixtureError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}

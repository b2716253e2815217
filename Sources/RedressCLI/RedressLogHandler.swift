import Foundation
import Logging
import RedressDiagnostics

/// Writes log lines to stderr that nothing from outside can forge.
///
/// `human`: swift-log's stream layout (time, level, label, metadata, source, message) with the
/// message and every metadata value escaped (`TerminalText`), so a cause with a newline cannot
/// print a line that looks like Redress's. `json` (`--log-format json`): one JSON object per line
/// (`time`, `level`, `label`, `source`, `message`, `metadata`), exact by construction.
struct RedressLogHandler: LogHandler {
    /// How lines are written.
    enum Format: String, Sendable {
        case human, json
    }

    let label: String
    let format: Format
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info
    var metadataProvider: Logger.MetadataProvider?

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
        if let extra = event.metadata { merged.merge(extra) { $1 } }
        let time = Date().formatted(.iso8601)
        let line: String
        switch format {
        case .human:
            let fields = merged.keys.sorted().map { "\($0)=\(TerminalText.escape("\(merged[$0] ?? "")"))" }.joined(separator: " ")
            line = "\(time) \(event.level) \(label):\(fields.isEmpty ? "" : " " + fields) [\(event.source)] \(TerminalText.escape(event.message.description))"
        case .json:
            var object: [String: String] = ["time": time, "level": "\(event.level)", "label": label, "source": event.source, "message": event.message.description]
            for (key, value) in merged { object["metadata." + key] = "\(value)" }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            line = String(decoding: (try? encoder.encode(object)) ?? Data("{}".utf8), as: UTF8.self)
        }
        FileOutput.standardError.write(line + "\n")
    }

    /// `--log-format FORMAT` (or `--log-format=FORMAT`) taken out of `arguments`, which every
    /// command accepts; else `$REDRESS_LOG_FORMAT`; else human.
    static func format(from arguments: inout [String]) -> Format? {
        var chosen = ProcessInfo.processInfo.environment["REDRESS_LOG_FORMAT"].flatMap(Format.init(rawValue:)) ?? .human
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--log-format", index + 1 < arguments.count {
                guard let format = Format(rawValue: arguments[index + 1]) else { return nil }
                chosen = format
                arguments.removeSubrange(index...(index + 1))
            } else if argument.hasPrefix("--log-format=") {
                guard let format = Format(rawValue: String(argument.dropFirst("--log-format=".count))) else { return nil }
                chosen = format
                arguments.remove(at: index)
            } else {
                index += 1
            }
        }
        return chosen
    }
}

import Foundation
import Logging
import RedressExternalPlugin
import RedressPlaybook
import RedressPluginAPI
import Synchronization

/// A fresh copy of the fault fixtures (they write files into their folder) and what tests need
/// to call their handlers.
struct FaultPlugins {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    let folder: String
    let library: PluginLibrary
    let logLines = LogLines()

    init(fixture: String = "faults") throws {
        folder = NSTemporaryDirectory() + "redress-plugin-\(UUID().uuidString)"
        try FileManager.default.copyItem(atPath: Self.fixtures.appendingPathComponent(fixture).path, toPath: folder)
        library = PluginLibrary.load(folders: [folder], builtIn: [], environment: ProcessInfo.processInfo.environment)
    }

    func handler(_ name: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ExternalHandler {
        guard let spec = library.handlers.first(where: { $0.descriptor.name == name }) else { throw FixtureMissing(name: name) }
        return try ExternalHandler(spec: spec, parentEnvironment: environment)
    }

    func context(_ parameters: [String: Value] = [:], attempt: Int = 1) -> StepContext {
        let lines = logLines
        return StepContext(
            runID: "run-1", playbookID: "fixture", stepID: "step", attempt: attempt, idempotencyKey: "run-1/step/1", parameters: parameters,
            clock: SystemRunClock(), logger: Logger(label: "test", factory: { _ in CapturingLogHandler(lines: lines) }))
    }

    func file(_ name: String) -> String? {
        try? String(contentsOfFile: (folder as NSString).appendingPathComponent(name), encoding: .utf8)
    }

    struct FixtureMissing: Error {
        let name: String
    }
}

/// Whether a process with this id is running (not a zombie: its state is read from /proc).
func isRunning(_ pid: Int32) -> Bool {
    guard kill(pid, 0) == 0 else { return false }
    let status = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
    return !status.contains(") Z ")
}

/// Log lines written by handlers under test.
final class LogLines: Sendable {
    private let lines = Mutex<[String]>([])
    func append(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }
}

struct CapturingLogHandler: LogHandler {
    let lines: LogLines
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        lines.append("\(event.message)")
    }
}

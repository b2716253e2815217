import Foundation

/// Runs the built `redress` executable, as a user would, and captures what it prints.
enum RedressBinary {
    struct Output {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    /// The `redress` binary SwiftPM built beside this test bundle.
    static let url: URL = {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("redress")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return folder.appendingPathComponent("redress")
    }()

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let yamlFixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("RedressYAMLTests/Fixtures")

    /// A `redress` process started by `start`, running beside the test.
    final class Running {
        let process: Process
        private let folder: URL

        fileprivate init(process: Process, folder: URL) {
            self.process = process
            self.folder = folder
        }

        /// What the process printed on standard output so far.
        func standardOutputSoFar() -> String {
            (try? String(contentsOf: folder.appendingPathComponent("out"), encoding: .utf8)) ?? ""
        }

        /// Sends `signal` (SIGINT, SIGTERM, SIGKILL) to the process.
        func send(_ signal: Int32) {
            // Once it has ended and been reaped its pid may be another process's.
            if process.isRunning { kill(process.processIdentifier, signal) }
        }

        /// Waits at most `seconds` for the process to end, then kills it (SIGKILL: its status is
        /// then 128 + 9), so a process that hangs fails its test instead of hanging the suite.
        func wait(killingAfter seconds: Double) throws -> Output {
            let process = self.process
            let watchdog = DispatchWorkItem { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
            DispatchQueue.global().asyncAfter(deadline: .now() + seconds, execute: watchdog)
            defer { watchdog.cancel() }
            return try wait()
        }

        /// Waits for the process to end and returns what it printed.
        func wait() throws -> Output {
            process.waitUntilExit()
            defer { try? FileManager.default.removeItem(at: folder) }
            return Output(
                status: process.terminationStatus,
                standardOutput: try String(contentsOf: folder.appendingPathComponent("out"), encoding: .utf8),
                standardError: try String(contentsOf: folder.appendingPathComponent("err"), encoding: .utf8))
        }
    }

    /// Starts `redress arguments...` and returns at once, so several can run side by side; output
    /// goes through files so that large output cannot block. `environment` adds to (or, with an
    /// empty value, removes from) the inherited environment.
    static func start(_ arguments: [String], environment: [String: String] = [:], input: String? = nil, directory: String? = nil) throws -> Running {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("redress-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let outURL = folder.appendingPathComponent("out")
        let errURL = folder.appendingPathComponent("err")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        if !environment.isEmpty {
            var merged = ProcessInfo.processInfo.environment
            for (name, value) in environment { merged[name] = value.isEmpty ? nil : value }
            process.environment = merged
        }
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        if let input {
            let inURL = folder.appendingPathComponent("in")
            try Data(input.utf8).write(to: inURL)
            process.standardInput = try FileHandle(forReadingFrom: inURL)
        }
        try process.run()
        return Running(process: process, folder: folder)
    }

    /// Runs `redress arguments...` to its end (see `start`); `input` is its standard input.
    static func run(_ arguments: [String], environment: [String: String] = [:], input: String? = nil, directory: String? = nil) throws -> Output {
        try start(arguments, environment: environment, input: input, directory: directory).wait()
    }

    /// Starts `redress sandbox serve --port 0` on a new state directory and returns it with its
    /// URL once it prints that it listens (killed, and an error thrown, after 20 s without).
    static func serveSandbox(_ extra: [String] = []) throws -> (Running, String) {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("redress-served-\(UUID().uuidString)").path
        let server = try start(["sandbox", "serve", "--port", "0", "--state", state] + extra)
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            let printed = server.standardOutputSoFar()
            if let range = printed.range(of: #"http://127\.0\.0\.1:[0-9]+"#, options: .regularExpression) { return (server, String(printed[range])) }
            Thread.sleep(forTimeInterval: 0.05)
        }
        server.send(SIGKILL)
        throw CocoaError(.fileReadUnknown)
    }
}

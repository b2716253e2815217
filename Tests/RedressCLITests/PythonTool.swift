import Foundation

/// Runs Python tools the contract tests use (openapi-spec-validator, schemathesis; `scripts/test`
/// installs both).
enum PythonTool {
    /// Runs `python3 ARGS` in a fresh temporary folder (schemathesis keeps a cache in the folder
    /// it runs in, which must not land in the repository) and returns its exit status and its
    /// output (stdout and stderr). Paths in `arguments` must be absolute.
    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("redress-python-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        process.currentDirectoryURL = folder
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

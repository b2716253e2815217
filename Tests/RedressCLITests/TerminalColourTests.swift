import Foundation
import Testing

extension CommandLineTests {
    /// Colour on a terminal (a real pseudo-terminal from `script`), none with `NO_COLOR`, none in
    /// a pipe.
    @Suite struct TerminalColourTests {
        static let hasScript = FileManager.default.isExecutableFile(atPath: "/usr/bin/script")

        /// `redress handle ORD-3001` on a pseudo-terminal, and what it printed there.
        private func onTerminal(noColor: Bool) throws -> String {
            let state = FileManager.default.temporaryDirectory.appendingPathComponent("redress-tty-\(UUID().uuidString)").path
            let playbooks = PlaybookValidationCLITests.repository.appendingPathComponent("Playbooks").path
            let command = "\(RedressBinary.url.path) handle ORD-3001 --state \(state) --playbooks \(playbooks)"
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
            process.arguments = ["-qec", command, "/dev/null"]
            var environment = ProcessInfo.processInfo.environment
            environment["TERM"] = "xterm"
            environment["NO_COLOR"] = noColor ? "1" : nil
            process.environment = environment
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardInput = FileHandle.nullDevice
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return String(decoding: data, as: UTF8.self)
        }

        @Test(.enabled(if: hasScript, "needs script(1) for a pseudo-terminal"))
        func coloursOnATerminalUnlessNoColorAndNeverInAPipe() throws {
            let coloured = try onTerminal(noColor: false)
            #expect(coloured.contains("\u{1b}[32m✓\u{1b}[0m check"), "\(coloured)")
            #expect(!(try onTerminal(noColor: true)).contains("\u{1b}["))
            let state = FileManager.default.temporaryDirectory.appendingPathComponent("redress-pipe-\(UUID().uuidString)").path
            let piped = try RedressBinary.run(
                ["handle", "ORD-3001", "--state", state, "--playbooks", PlaybookValidationCLITests.repository.appendingPathComponent("Playbooks").path])
            #expect(!piped.standardOutput.contains("\u{1b}["))
        }
    }
}

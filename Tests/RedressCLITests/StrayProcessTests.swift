import Foundation
import Testing

extension CommandLineTests {
    /// No process Redress starts for a plugin outlives the command: not one that ignores SIGTERM
    /// and was cut off by its step's timeout just before the run ended, not one that
    /// double-forked into a session of its own.
    @Suite struct StrayProcessTests {
        /// Pids of processes whose command line contains `marker`.
        private func processes(_ marker: String) -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).filter { entry in
                guard Int32(entry) != nil, let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline") else { return false }
                return String(decoding: data.map { $0 == 0 ? 32 : $0 }, as: UTF8.self).contains(marker)
            }
        }

        @Test func aStubbornAndAnEscapedPluginProcessAreGoneWhenTheCommandExits() throws {
            let fixtures = RedressBinary.fixtures.appendingPathComponent("stray").path
            let state = FileManager.default.temporaryDirectory.appendingPathComponent("redress-stray-\(UUID().uuidString)").path
            let output = try RedressBinary.run(["run", fixtures + "/Playbooks/stray.yaml", "--plugins", fixtures + "/Plugins", "--state", state])
            #expect(output.status == 0, "\(output.standardOutput)\(output.standardError)")
            #expect(output.standardOutput.contains("stubborn               timeout"))
            #expect(output.standardOutput.contains("escape                 done"))
            // Checked at once: the command may not leave them to die later.
            let left = processes("sleep 31.4159") + processes("sleep 27.1828")
            for pid in left { kill(Int32(pid) ?? 0, SIGKILL) }
            #expect(left.isEmpty, "plugin processes outlived redress: \(left)")
        }
    }
}

import Foundation
import Testing

extension CommandLineTests {
    /// A scan whose state directory fills its disk: a real 3 MB tmpfs (mounting needs root, as
    /// CI has; elsewhere the test is reported as skipped, with this reason).
    @Suite struct FullDiskTests {
        /// Mounts a tmpfs of `megabytes` on a new folder; `nil` where mounting is not allowed.
        static func mount(megabytes: Int) -> String? {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("redress-fulldisk-\(UUID().uuidString)").path
            guard (try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)) != nil,
                run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(megabytes)m", "tmpfs", folder]) == 0
            else { return nil }
            return folder
        }

        static func run(_ program: String, _ arguments: [String]) -> Int32 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: program)
            process.arguments = arguments
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            guard (try? process.run()) != nil else { return -1 }
            process.waitUntilExit()
            return process.terminationStatus
        }

        static let canMount: Bool = {
            guard let folder = mount(megabytes: 1) else { return false }
            _ = run("/bin/umount", [folder])
            return true
        }()

        @Test(.enabled(if: canMount, "mounting a tmpfs needs root"))
        func aScanOnAFullDiskSaysWhyOncePerCauseAndLeavesEveryCaseWhole() throws {
            let disk = try #require(Self.mount(megabytes: 3))
            defer { _ = Self.run("/bin/umount", [disk]) }
            let state = disk + "/state"
            let playbooks = PlaybookValidationCLITests.repository.appendingPathComponent("Playbooks").path
            #expect(try RedressBinary.run(["sandbox", "generate", "300", "--state", state]).status == 0)
            let scan = try RedressBinary.run(["scan", "--state", state, "--playbooks", playbooks])
            #expect(scan.status == 1, "\(scan.standardError)")
            let causes = scan.standardError.split(separator: "\n").filter { $0.hasPrefix("redress: ") && $0.contains("could not be handled") }
            #expect(causes.contains { $0.contains("database or disk is full") }, "\(scan.standardError)")
            #expect(causes.count <= 3, "one line per cause, not one per order: \(causes)")
            // With room again, everything stored is whole: one run per case, every trail intact.
            #expect(Self.run("/bin/mount", ["-o", "remount,size=64m", disk]) == 0)
            let verified = try RedressBinary.run(["audit", "verify", "--state", state])
            #expect(verified.status == 0, "\(verified.standardOutput)")
            let runs = try RedressBinary.run(["runs", "--limit", "10000", "--format", "json", "--state", state]).standardOutput
            let list = try #require(try JSONSerialization.jsonObject(with: Data(runs.utf8)) as? [[String: Any]])
            let cases = list.compactMap { $0["case_key"] as? String }
            #expect(Set(cases).count == cases.count)
        }
    }
}

import Foundation
import Testing

extension CommandLineTests {
    /// The state directory is found like git finds `.git`, and no command that fails, or only
    /// reads, leaves a state directory behind.
    @Suite struct StateDirectoryTests {
        /// A project folder with the shipped playbooks, and a folder two levels below it.
        private func project() throws -> (root: String, deep: String) {
            let root = FileManager.default.temporaryDirectory.appendingPathComponent("redress-project-\(UUID().uuidString)").path
            let deep = root + "/notes/2026"
            try FileManager.default.createDirectory(atPath: deep, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: PlaybookValidationCLITests.repository.appendingPathComponent("Playbooks").path, toPath: root + "/Playbooks")
            return (root, deep)
        }

        private let noHome = ["REDRESS_HOME": ""]

        @Test func aCommandInAFolderBelowTheProjectFindsItsStateDirectory() throws {
            let (root, deep) = try project()
            let handled = try RedressBinary.run(["handle", "ORD-3001"], environment: noHome, directory: root)
            #expect(handled.status == 3, "\(handled.standardError)")
            let runs = try RedressBinary.run(["runs"], environment: noHome, directory: deep)
            #expect(runs.status == 0)
            #expect(runs.standardOutput.contains("ORD-3001"), "\(runs.standardOutput)")
            #expect(!FileManager.default.fileExists(atPath: deep + "/.redress"))
            // --state and REDRESS_HOME win over the search.
            let other = root + "/other-state"
            #expect(try RedressBinary.run(["runs"], environment: ["REDRESS_HOME": other], directory: deep).standardOutput.contains("ORD-3001") == false)
        }

        @Test func aFailingOrReadingCommandLeavesNoStateDirectory() throws {
            let empty = FileManager.default.temporaryDirectory.appendingPathComponent("redress-empty-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
            let handled = try RedressBinary.run(["handle", "ORD-1001"], environment: noHome, directory: empty)
            #expect(handled.status == 2)
            #expect(handled.standardError.contains("no playbook folder 'Playbooks'"))
            #expect(try RedressBinary.run(["scan"], environment: noHome, directory: empty).status == 2)
            let runs = try RedressBinary.run(["runs"], environment: noHome, directory: empty)
            #expect(runs.status == 0)
            #expect(try RedressBinary.run(["show", "run-x"], environment: noHome, directory: empty).status == 2)
            #expect(try RedressBinary.run(["audit", "verify"], environment: noHome, directory: empty).status == 2)
            #expect(try FileManager.default.contentsOfDirectory(atPath: empty).isEmpty, "a state directory was created")
        }
    }
}

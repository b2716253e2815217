import Foundation
import Testing

extension CommandLineTests {
    @Suite struct EngineCommandTests {
        private func stateDirectory() -> String {
            FileManager.default.temporaryDirectory.appendingPathComponent("redress-state-\(UUID().uuidString)").path
        }

        private func fixture(_ name: String) -> String { RedressBinary.fixtures.appendingPathComponent("engine/\(name)").path }

        private func runID(in json: String) throws -> String {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
            return try #require(object["run_id"] as? String)
        }

        @Test func waitingRunExitsThreeAndResumesWithItsSignal() throws {
            let state = stateDirectory()
            let started = try RedressBinary.run(["run", fixture("decision.yaml"), "-i", "order_id=ORD-7", "--force", "--reason", "a fixture order", "--state", state, "--format", "json"])
            #expect(started.status == 3, "\(started.standardError)")
            let id = try runID(in: started.standardOutput)
            #expect(started.standardOutput.contains("\"waiting_for\" : \"decision\""))
            let wrong = try RedressBinary.run(["resume", id, "--signal", "otp=1", "--state", state])
            #expect(wrong.status == 2)
            #expect(wrong.standardError.contains("is not waiting for signal 'otp'; it waits for 'decision'"))
            let resumed = try RedressBinary.run(["resume", id, "--signal", "decision=approve", "--as", "reviewer-7", "--state", state, "--format", "json"])
            #expect(resumed.status == 0)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(resumed.standardOutput.utf8)) as? [String: Any])
            #expect(object["status"] as? String == "completed")
            #expect(object["resolution"] as? String == "ORD-7 decided approve")
            #expect((object["steps"] as? [[String: Any]])?.map { $0["id"] as? String } == ["ask", "done"])
            let shown = try RedressBinary.run(["show", id, "--state", state])
            #expect(shown.standardOutput.contains("signal.received by reviewer-7"))
            #expect(shown.standardOutput.contains("chain intact"))
            #expect(try RedressBinary.run(["audit", "verify", "--state", state]).status == 0)
        }

        @Test func failedRunExitsOneAndInvalidInputOrPlaybookExitsTwoStoringNothing() throws {
            let state = stateDirectory()
            #expect(try RedressBinary.run(["run", fixture("fails.yaml"), "--state", state]).status == 1)
            let badInput = try RedressBinary.run(["run", fixture("decision.yaml"), "-i", "order_id=nope", "--state", state])
            #expect(badInput.status == 2)
            #expect(badInput.standardError.contains("must match"))
            let badPlaybook = try RedressBinary.run(["run", RedressBinary.fixtures.appendingPathComponent("four-mistakes.yaml").path, "--state", state])
            #expect(badPlaybook.status == 2)
            #expect(badPlaybook.standardError.contains("[unknown-handler]"))
            let runs = try RedressBinary.run(["runs", "--state", state, "--format", "json"])
            let list = try #require(try JSONSerialization.jsonObject(with: Data(runs.standardOutput.utf8)) as? [[String: Any]])
            #expect(list.count == 1)
        }

        @Test func tickDrivesEveryDueRunConcurrentlyAndRefusesAZeroConcurrency() throws {
            let state = stateDirectory()
            var ids: [String] = []
            for _ in 0..<3 {
                let parked = try RedressBinary.run(["run", fixture("timer.yaml"), "--state", state, "--format", "json"])
                #expect(parked.status == 3, "\(parked.standardError)")
                ids.append(try runID(in: parked.standardOutput))
            }
            #expect(try RedressBinary.run(["tick", "--concurrency", "0", "--state", state]).status == 2)
            let early = try RedressBinary.run(["tick", "--concurrency", "2", "--state", state])
            #expect(early.status == 0)
            #expect(early.standardOutput.hasPrefix("nothing due; next at "), "\(early.standardOutput)")
            Thread.sleep(forTimeInterval: 6.2)
            let due = try RedressBinary.run(["tick", "--concurrency", "2", "--verbose", "--state", state])
            #expect(due.status == 0, "\(due.standardError)")
            for id in ids { #expect(due.standardOutput.contains("\(id) completed — woke up")) }
            #expect(due.standardOutput.contains("driven 3: 3 completed; no run is waiting for a timer"), "\(due.standardOutput)")
        }

        @Test func dryRunStoresNothing() throws {
            let state = stateDirectory()
            let output = try RedressBinary.run(["run", fixture("decision.yaml"), "-i", "order_id=ORD-1", "--dry-run", "--state", state])
            #expect(output.status == 0)
            #expect(output.standardOutput.hasPrefix("dry run of"))
            // It reads the wallet (the sandbox is made on first use) but stores no run.
            #expect(!FileManager.default.fileExists(atPath: (state as NSString).appendingPathComponent("redress.sqlite")))
        }

        @Test func cancelAndStatusFilter() throws {
            let state = stateDirectory()
            let started = try RedressBinary.run(["run", fixture("decision.yaml"), "-i", "order_id=ORD-2", "--force", "--reason", "a fixture order", "--state", state, "--format", "json"])
            let id = try runID(in: started.standardOutput)
            let waiting = try RedressBinary.run(["runs", "--status", "waiting", "--state", state])
            #expect(waiting.standardOutput.contains(id))
            #expect(try RedressBinary.run(["cancel", id, "--state", state]).status == 2, "a cancellation needs a reason")
            #expect(try RedressBinary.run(["cancel", id, "--reason", "customer withdrew the complaint", "--as", "alice", "--state", state]).status == 0)
            let shown = try RedressBinary.run(["show", id, "--state", state]).standardOutput
            #expect(shown.contains("status: cancelled — cancelled by alice: customer withdrew the complaint"))
            #expect(shown.contains("run.cancelled by alice reason=customer withdrew the complaint"))
            #expect(!shown.contains("continue with"), "an ended run offers no way to continue it")
            #expect(try RedressBinary.run(["cancel", id, "--reason", "again", "--state", state]).status == 2)
            let resumed = try RedressBinary.run(["resume", id, "--state", state])
            #expect(resumed.status == 2)
            #expect(resumed.standardError.contains("has already ended (cancelled)"))
            #expect(try RedressBinary.run(["runs", "--status", "bogus", "--state", state]).status == 2)
        }

        @Test func aSignalForARunAnotherProcessHoldsExits75AndSaysItWasNotDelivered() throws {
            let state = stateDirectory()
            let slow = try RedressBinary.start(["run", fixture("slow.yaml"), "--state", state])
            defer { _ = try? slow.wait() }
            var id: String?
            for _ in 0..<100 where id == nil {
                usleep(50_000)
                let runs = try RedressBinary.run(["runs", "--status", "running", "--state", state, "--format", "json"])
                id = (try? JSONSerialization.jsonObject(with: Data(runs.standardOutput.utf8)) as? [[String: Any]])?.first?["id"] as? String
            }
            let runID = try #require(id)
            let busy = try RedressBinary.run(["resume", runID, "--signal", "go=1", "--state", state])
            #expect(busy.status == 75)
            #expect(busy.standardError.contains("the signal was NOT delivered; send it again"))
        }

        @Test func aMisspeltCommandGetsASuggestionAndExitTwo() throws {
            let output = try RedressBinary.run(["handel", "ORD-1001"])
            #expect(output.status == 2)
            #expect(output.standardError.contains("unknown command 'handel'; did you mean 'handle'?"))
        }

        @Test func corruptStateDatabaseIsRefusedWithExitTwoAndKept() throws {
            let state = stateDirectory()
            try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
            let path = (state as NSString).appendingPathComponent("redress.sqlite")
            let garbage = Data(repeating: 0x5A, count: 4_096)
            try garbage.write(to: URL(fileURLWithPath: path))
            let output = try RedressBinary.run(["runs", "--state", state])
            #expect(output.status == 2)
            #expect(output.standardError.contains("is not a usable Redress state database"))
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == garbage)
        }

        @Test func runKilledWithSigkillIsResumedToCompletion() throws {
            let state = stateDirectory()
            let process = Process()
            process.executableURL = RedressBinary.url
            process.arguments = ["run", fixture("slow.yaml"), "--state", state]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Wait until the run is stored and in its pause, then kill the process outright.
            var id: String?
            for _ in 0..<100 where id == nil {
                usleep(50_000)
                let runs = try RedressBinary.run(["runs", "--status", "running", "--state", state, "--format", "json"])
                id = (try? JSONSerialization.jsonObject(with: Data(runs.standardOutput.utf8)) as? [[String: Any]])?.first?["id"] as? String
            }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let runID = try #require(id)
            let resumed = try RedressBinary.run(["resume", runID, "--state", state, "--format", "json"])
            #expect(resumed.status == 0, "\(resumed.standardError)")
            #expect(resumed.standardOutput.contains("finished after the pause"))
        }
    }
}

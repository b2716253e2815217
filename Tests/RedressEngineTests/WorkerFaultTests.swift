import Foundation
import RedressEngine
import RedressPlaybook
import RedressPluginAPI
import Synchronization
import Testing

/// What a worker does when it is told to stop, when its owner died, and during a long call.
@Suite struct WorkerFaultTests {
    static let twoSteps = Fixture.playbook(
        """
          - id: first
            uses: t.first
          - id: second
            uses: t.second
          - id: done
            uses: flow.finish
            with: {resolution: both ran}
        """)

    @Test func stopRequestEndsTheDriveAfterTheStepInFlightAndFreesTheRunForAnyProcess() async throws {
        let stop = StopRequest()
        let seconds = Mutex(0)
        let first = FakeHandler(descriptor: Fixture.descriptor("t.first", policy: HandlerPolicy(hasSideEffects: true, isIdempotent: true))) { _ in
            stop.request()  // Ctrl-C arrives while this step's call is in flight
            return .outcome("ok")
        }
        let second = FakeHandler(descriptor: Fixture.descriptor("t.second")) { _ in
            seconds.withLock { $0 += 1 }
            return .outcome("ok")
        }
        let store = InMemoryRunStore()
        let clock = VirtualClock()
        let stopping = try Fixture.engine([first, second], store: store, clock: clock, stop: stop)
        let run = try await stopping.start(playbookText: Self.twoSteps, path: "t.yaml", inputs: [:])
        let stopped = try await stopping.drive(run.id)
        #expect(stopped.status == .running)
        #expect(stopped.history.map(\.stepID) == ["first"])
        #expect(seconds.withLock { $0 } == 0)
        #expect(try await store.leaseHolders(now: clock.now(), limit: 10).isEmpty)
        #expect(try await store.due(now: clock.now(), limit: 10) == [run.id])
        // The next process continues from the step after the one that finished.
        let report = try await Fixture.engine([first, second], store: store, clock: clock).drain(concurrency: 2)
        #expect(report.counts == [.completed: 1])
        #expect(try await store.load(run.id)?.history.map(\.stepID) == ["first", "second", "done"])
        #expect(seconds.withLock { $0 } == 1)
    }

    @Test func sweepTakesOverARunWhoseOwnerOnThisMachineIsDeadWithoutWaitingForItsLease() async throws {
        let store = InMemoryRunStore()
        let clock = VirtualClock()
        let engine = try Fixture.engine([FakeHandler(descriptor: Fixture.descriptor("t.first")) { _ in .outcome("ok") },
            FakeHandler(descriptor: Fixture.descriptor("t.second")) { _ in .outcome("ok") }], store: store, clock: clock)
        let dead = try Self.finishedProcess()
        let live = try Self.sleepingProcess()
        defer { live.terminate() }
        var ids: [String: String] = [:]
        for (name, pid) in [("dead", dead), ("live", live.processIdentifier)] {
            let run = try await engine.start(playbookText: Self.twoSteps, path: "t.yaml", inputs: [:])
            let owner = "\(ProcessInfo.processInfo.hostName):\(pid)"
            #expect(try await store.claim(run.id, owner: owner, until: clock.now().addingTimeInterval(300), now: clock.now(), replacing: nil) != nil)
            ids[name] = run.id
        }
        let report = try await engine.sweep(limit: 10, concurrency: 2)
        #expect(report.touched.map(\.id) == [ids["dead"]])
        #expect(try await store.load(ids["dead"] ?? "")?.status == .completed)
        #expect(try await store.load(ids["live"] ?? "")?.status == .pending)
    }

    @Test func aSweepTakesOverMoreOfADeadOwnersRunsThanItsConcurrency() async throws {
        let store = InMemoryRunStore()
        let clock = VirtualClock()
        let engine = try Fixture.engine([FakeHandler(descriptor: Fixture.descriptor("t.first")) { _ in .outcome("ok") },
            FakeHandler(descriptor: Fixture.descriptor("t.second")) { _ in .outcome("ok") }], store: store, clock: clock)
        let owner = "\(ProcessInfo.processInfo.hostName):\(try Self.finishedProcess())"
        var ids: [String] = []
        for _ in 0..<5 {
            let run = try await engine.start(playbookText: Self.twoSteps, path: "t.yaml", inputs: [:])
            #expect(try await store.claim(run.id, owner: owner, until: clock.now().addingTimeInterval(300), now: clock.now(), replacing: nil) != nil)
            ids.append(run.id)
        }
        let report = try await engine.sweep(limit: 100, concurrency: 2)
        #expect(Set(report.touched.map(\.id)) == Set(ids))
        for id in ids { #expect(try await store.load(id)?.status == .completed) }
    }

    @Test func heartbeatRenewsTheLeaseOfACallLongerThanTheLeaseSoNoOtherProcessTakesItOver() async throws {
        let store = InMemoryRunStore()
        let slow = FakeHandler(descriptor: Fixture.descriptor("t.first", policy: HandlerPolicy(hasSideEffects: true, isIdempotent: true))) { _ in
            try await Task.sleep(nanoseconds: 1_500_000_000)
            return .outcome("ok")
        }
        let engine = try Fixture.engine(
            [slow, FakeHandler(descriptor: Fixture.descriptor("t.second")) { _ in .outcome("ok") }], store: store, clock: SystemRunClock(),
            leaseDuration: 0.6)
        let run = try await engine.start(playbookText: Self.twoSteps, path: "t.yaml", inputs: [:])
        async let driven = engine.drive(run.id)
        try await Task.sleep(nanoseconds: 1_000_000_000)
        // 1 s into a 1.5 s call with a 0.6 s lease: without heartbeats this claim would succeed.
        let stolen = try await store.claim(run.id, owner: "another-process", until: Date().addingTimeInterval(60), now: Date(), replacing: nil)
        #expect(stolen == nil)
        #expect(try await driven.status == .completed)
    }

    @Test func drainReportsARunThatFailsEveryTimeOnceAndStops() async throws {
        let store = InMemoryRunStore()
        let clock = VirtualClock()
        let full = try Fixture.engine([FakeHandler(descriptor: Fixture.descriptor("t.first")) { _ in .outcome("ok") },
            FakeHandler(descriptor: Fixture.descriptor("t.second")) { _ in .outcome("ok") }], store: store, clock: clock)
        let broken = try await full.start(playbookText: Self.twoSteps, path: "t.yaml", inputs: [:])
        clock.advance(by: 1)
        let fine = try await full.start(playbookText: Self.finishOnly, path: "f.yaml", inputs: [:])
        // This process lacks t.first: the first run fails on every drive and stays due.
        let partial = try Fixture.engine([FakeHandler(descriptor: Fixture.descriptor("t.second")) { _ in .outcome("ok") }], store: store, clock: clock)
        let report = try await partial.drain(concurrency: 1, batch: 1)
        #expect(report.failures.map(\.runID) == [broken.id])
        #expect(report.counts == [.completed: 1])
        #expect(try await store.load(fine.id)?.status == .completed)
        #expect(try await store.load(broken.id)?.status == .pending)
    }

    static let finishOnly = Fixture.playbook(
        """
          - id: done
            uses: flow.finish
            with: {resolution: done}
        """)

    /// The pid of a process that has exited (and been reaped).
    static func finishedProcess() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }

    static func sleepingProcess() throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sleep")
        process.arguments = ["30"]
        try process.run()
        return process
    }
}

import Foundation
import RedressEngine

extension RunStoreConformance {
    /// Which runs need a process, and claiming them in batches.
    static let dueChecks: [Check] = [
        Check(name: "due runs are the pending, the parked whose time came, and the running whose lease lapsed") { store, probe in
            let pending = Fixture.run("due-pending")
            var parked = Fixture.run("due-parked")
            parked.status = .waiting
            parked.wakeAt = Fixture.later(60)
            var sleeping = Fixture.run("due-sleeping")
            sleeping.status = .waiting
            sleeping.wakeAt = Fixture.later(3600)
            var ended = Fixture.run("due-ended")
            ended.status = .completed
            var orphan = Fixture.run("due-orphan")
            for run in [pending, parked, sleeping, ended, orphan] { try await store.insert(run, audit: []) }
            guard let lease = try await store.claim(orphan.id, owner: "w1", until: Fixture.later(30), now: Fixture.now) else { return probe.fail("could not claim") }
            orphan.status = .running
            try await store.commit(orphan, lease: lease, journal: [], audit: [], durable: false)
            let due = await Set(try store.due(now: Fixture.later(61), limit: 10_000))
            for run in [pending, parked, orphan] { probe.expect(due.contains(run.id), "\(run.id) is not due") }
            for run in [sleeping, ended] { probe.expect(!due.contains(run.id), "\(run.id) is due") }
            let wake = try await store.nextWake(after: Fixture.later(61))
            probe.expect(wake.map { $0 <= Fixture.later(3600) } ?? false, "the next wake is \(String(describing: wake)), not at or before the sleeping run's")
        },
        Check(name: "a batch claim takes only due runs without a live lease, none excluded, and loads them") { store, probe in
            var a = Fixture.run("batch-a")
            a.status = .waiting
            a.wakeAt = Fixture.later(1)
            let b = Fixture.run("batch-b")
            let held = Fixture.run("batch-held")
            let skipped = Fixture.run("batch-skipped")
            for run in [a, b, held, skipped] { try await store.insert(run, audit: []) }
            guard try await store.claim(held.id, owner: "other", until: Fixture.later(600), now: Fixture.now) != nil else { return probe.fail("could not claim") }
            let claimed = try await store.claimDue(owner: "w1", until: Fixture.later(60), now: Fixture.later(2), limit: 10_000, excluding: [skipped.id])
            let ids = Set(claimed.map(\.run.id))
            probe.expect(ids.contains(a.id) && ids.contains(b.id), "the batch missed due runs: \(ids)")
            probe.expect(!ids.contains(held.id), "the batch took a run with a live lease")
            probe.expect(!ids.contains(skipped.id), "the batch took an excluded run")
            probe.expect(claimed.allSatisfy { $0.lease.owner == "w1" && $0.lease.runID == $0.run.id }, "a claimed run came with another lease")
            let again = try await store.claimDue(owner: "w2", until: Fixture.later(60), now: Fixture.later(3), limit: 10_000, excluding: [])
            probe.expect(Set(again.map(\.run.id)).isDisjoint(with: ids), "a second worker took runs the first holds")
        },
    ]
}

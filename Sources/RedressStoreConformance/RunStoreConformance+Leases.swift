import Foundation
import RedressEngine

extension RunStoreConformance {
    /// Claims, fencing, renewal and release.
    static let leaseChecks: [Check] = [
        Check(name: "a claim is exclusive until its lease lapses, and the next claim's token is larger") { store, probe in
            let run = Fixture.run("exclusive")
            try await store.insert(run, audit: [])
            guard let first = try await store.claim(run.id, owner: "w1", until: Fixture.later(60), now: Fixture.now) else { return probe.fail("could not claim") }
            probe.expect(try await store.claim(run.id, owner: "w2", until: Fixture.later(60), now: Fixture.later(30)) == nil, "a live lease was claimed by another owner")
            let owner = try await store.leaseOwner(run.id)
            probe.expect(owner == "w1", "the lease owner is \(String(describing: owner))")
            guard let second = try await store.claim(run.id, owner: "w2", until: Fixture.later(180), now: Fixture.later(61)) else {
                return probe.fail("a lapsed lease could not be claimed")
            }
            probe.expect(second.token > first.token, "tokens \(first.token) then \(second.token) do not grow")
        },
        Check(name: "a process whose lease was taken over cannot write (fencing)") { store, probe in
            var run = Fixture.run("fenced")
            try await store.insert(run, audit: [])
            guard let zombie = try await store.claim(run.id, owner: "w1", until: Fixture.later(60), now: Fixture.now),
                try await store.claim(run.id, owner: "w2", until: Fixture.later(180), now: Fixture.later(61)) != nil
            else { return probe.fail("could not claim twice") }
            run.status = .completed
            run.resolution = "written by a zombie"
            await probe.expectError(.leaseLost(run.id), "a commit under the taken lease") {
                try await store.commit(run, lease: zombie, journal: [Fixture.journal(run, step: "pay", kind: .result)], audit: [], durable: true)
            }
            await probe.expectError(.leaseLost(run.id), "a final commit under the taken lease") {
                try await store.commitAndRelease(run, lease: zombie, journal: [], audit: [], durable: true)
            }
            await probe.expect(try store.load(run.id)?.resolution == nil, "the zombie's state was written")
            await probe.expect(try store.journal(for: run.id).isEmpty, "the zombie's journal was written")
            await probe.expect(try store.leaseOwner(run.id) == "w2", "the zombie's release took the lease")
        },
        Check(name: "a renewal extends only the current live lease") { store, probe in
            let run = Fixture.run("renew")
            try await store.insert(run, audit: [])
            guard let lease = try await store.claim(run.id, owner: "w1", until: Fixture.later(60), now: Fixture.now) else { return probe.fail("could not claim") }
            probe.expect(try await store.renew(lease, until: Fixture.later(120)), "the live lease was not renewed")
            probe.expect(try await store.claim(run.id, owner: "w2", until: Fixture.later(200), now: Fixture.later(90)) == nil, "the renewed lease lapsed at its old time")
            guard try await store.claim(run.id, owner: "w2", until: Fixture.later(300), now: Fixture.later(121)) != nil else { return probe.fail("could not claim after the renewal lapsed") }
            probe.expect(try await store.renew(lease, until: Fixture.later(400)) == false, "a lease that was taken over was renewed")
        },
        Check(name: "a released run can be claimed at once, and a final commit releases it") { store, probe in
            var run = Fixture.run("release")
            try await store.insert(run, audit: [])
            guard let lease = try await store.claim(run.id, owner: "w1", until: Fixture.later(60), now: Fixture.now) else { return probe.fail("could not claim") }
            try await store.release(lease)
            guard let next = try await store.claim(run.id, owner: "w2", until: Fixture.later(60), now: Fixture.now) else { return probe.fail("a released run could not be claimed") }
            run.status = .waiting
            run.wakeAt = Fixture.later(600)
            try await store.commitAndRelease(run, lease: next, journal: [], audit: [], durable: false)
            await probe.expect(try store.leaseOwner(run.id) == nil, "the final commit kept the lease")
            await probe.expect(try store.load(run.id)?.status == .waiting, "the final commit's state was not written")
            probe.expect(try await store.claim(run.id, owner: "w3", until: Fixture.later(60), now: Fixture.now) != nil, "the run could not be claimed after the final commit")
        },
        Check(name: "a live lease of a named dead owner can be taken over, and no other") { store, probe in
            let run = Fixture.run("replace")
            try await store.insert(run, audit: [])
            guard try await store.claim(run.id, owner: "dead-1", until: Fixture.later(600), now: Fixture.now) != nil else { return probe.fail("could not claim") }
            await probe.expect(try store.leaseHolders(now: Fixture.later(1), limit: 1000).contains { $0.runID == run.id && $0.owner == "dead-1" }, "the live lease is not listed with its owner")
            probe.expect(
                try await store.claim(run.id, owner: "w2", until: Fixture.later(60), now: Fixture.later(1), replacing: "someone-else") == nil, "a live lease of another owner was taken")
            probe.expect(try await store.claim(run.id, owner: "w2", until: Fixture.later(60), now: Fixture.later(1), replacing: "dead-1") != nil, "the dead owner's lease was not taken over")
        },
    ]
}

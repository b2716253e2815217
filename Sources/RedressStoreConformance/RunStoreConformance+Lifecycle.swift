import Foundation
import RedressEngine
import RedressPlaybook

extension RunStoreConformance {
    /// Storing, loading, committing, the journal and the audit trail.
    static let lifecycleChecks: [Check] = [
        Check(name: "a stored run loads back as it was stored") { store, probe in
            var run = Fixture.run("roundtrip")
            run.wakeAt = Fixture.later(30)
            let records = Fixture.audit(["run.created"], to: &run)
            try await store.insert(run, audit: records)
            let loaded = try await store.load(run.id)
            probe.expect(loaded?.id == run.id && loaded?.status == .pending, "loaded \(String(describing: loaded?.status)) for a pending run")
            probe.expect(loaded?.inputs == run.inputs, "inputs changed: \(String(describing: loaded?.inputs))")
            probe.expect(loaded?.playbookText == run.playbookText && loaded?.playbookHash == run.playbookHash, "the pinned playbook changed")
            probe.expect(loaded?.auditHead == run.auditHead, "the audit head changed")
            await probe.expect(try store.load("run-conf-missing") == nil, "an unknown id loaded something")
        },
        Check(name: "a second run with the same id is refused") { store, probe in
            let run = Fixture.run("duplicate")
            try await store.insert(run, audit: [])
            await probe.expectError(.duplicate(run.id), "inserting the same id again") { try await store.insert(run, audit: []) }
        },
        Check(name: "a commit writes the state, its journal entries and its audit records together, in order") { store, probe in
            var run = Fixture.run("commit")
            try await store.insert(run, audit: Fixture.audit(["run.created"], to: &run))
            let lease = try await store.claim(run.id, owner: "w1", until: Fixture.later(60), now: Fixture.now)
            guard let lease else { return probe.fail("could not claim a new run") }
            run.status = .running
            run.resolution = "half way"
            let entries = [Fixture.journal(run, step: "pay", kind: .intent), Fixture.journal(run, step: "pay", kind: .result)]
            let records = Fixture.audit(["step.started", "step.finished"], to: &run)
            try await store.commit(run, lease: lease, journal: entries, audit: records, durable: true)
            await probe.expect(try store.load(run.id)?.resolution == "half way", "the state was not written")
            let kinds = try await store.journal(for: run.id).map(\.kind)
            probe.expect(kinds == [.intent, .result], "the journal is \(kinds)")
            let trail = try await store.audit(for: run.id)
            probe.expect(trail.map(\.sequence) == [1, 2, 3], "audit sequences are \(trail.map(\.sequence))")
            probe.expect(Array(trail.map(\.hash).dropFirst()) == records.map(\.hash), "audit hashes changed")
        },
        Check(name: "a commit whose audit sequence is taken changes nothing") { store, probe in
            var run = Fixture.run("audit-taken")
            let created = Fixture.audit(["run.created"], to: &run)
            try await store.insert(run, audit: created)
            guard let lease = try await store.claim(run.id, owner: "w1", until: Fixture.later(60), now: Fixture.now) else { return probe.fail("could not claim") }
            var replay = run
            replay.auditHead = nil
            replay.resolution = "forged"
            let clash = Fixture.audit(["run.created"], to: &replay)
            do {
                try await store.commit(replay, lease: lease, journal: [Fixture.journal(run, step: "x", kind: .intent)], audit: clash, durable: true)
                probe.fail("a record with a taken sequence number was accepted")
            } catch {}
            await probe.expect(try store.load(run.id)?.resolution == nil, "the state of the refused commit was written")
            await probe.expect(try store.journal(for: run.id).isEmpty, "the journal of the refused commit was written")
            let count = try await store.audit(for: run.id).count
            probe.expect(count == 1, "the audit trail has \(count) records")
        },
        Check(name: "journal entries appended alone leave the run as it was") { store, probe in
            let run = Fixture.run("late")
            try await store.insert(run, audit: [])
            try await store.appendJournal([Fixture.journal(run, step: "pay", kind: .late)])
            await probe.expect(try store.journal(for: run.id).map(\.kind) == [.late], "the late entry is missing")
            await probe.expect(try store.load(run.id)?.status == .pending, "appending changed the run")
        },
        Check(name: "runs are listed newest first and filtered by status") { store, probe in
            var older = Fixture.run("list-old", at: Fixture.later(-20))
            older.status = .waiting
            older.wakeAt = Fixture.later(3600)
            let newer = Fixture.run("list-new", at: Fixture.later(-10))
            try await store.insert(older, audit: [])
            try await store.insert(newer, audit: [])
            let mine = try await store.list(status: nil, limit: 1000).filter { [older.id, newer.id].contains($0.id) }.map(\.id)
            probe.expect(mine == [newer.id, older.id], "listed \(mine)")
            let waiting = try await store.list(status: .waiting, limit: 1000).map(\.id)
            probe.expect(waiting.contains(older.id) && !waiting.contains(newer.id), "the status filter listed \(waiting)")
        },
    ]
}

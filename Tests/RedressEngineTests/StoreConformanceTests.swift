import Foundation
import RedressEngine
import RedressStoreConformance
import RedressTestSupport
import Synchronization
import Testing

/// The in-memory store passes the conformance kit, and the kit catches a store that breaks the
/// contract (so a passing store has really been checked).
@Suite struct InMemoryStoreConformanceTests {
    @Test func theInMemoryStorePassesEveryConformanceCheck() async {
        let failures = await RunStoreConformance { InMemoryRunStore() }.run()
        #expect(failures.isEmpty, "\(failures.map(\.description).joined(separator: "\n"))")
    }

    @Test func aStoreThatLetsAZombieWriteFailsTheFencingCheck() async {
        let failures = await RunStoreConformance { unfencedStore() }.run()
        #expect(failures.contains { $0.check == "a process whose lease was taken over cannot write (fencing)" }, "\(failures)")
        #expect(!failures.contains { $0.check == "a stored run loads back as it was stored" })
    }

    @Test func aStoreThatOpensEveryCaseFailsTheCaseChecks() async {
        let failures = await RunStoreConformance { caselessStore() }.run()
        #expect(failures.contains { $0.check == "intakes racing on one case store exactly one run" }, "\(failures)")
        #expect(failures.contains { $0.check == "a case has one run that has not ended; an ended case opens again only when asked" })
    }
}

/// The in-memory store, except that a commit under a lost lease takes the lease back and writes.
func unfencedStore() -> some RunStore {
    ForwardingStore(InMemoryRunStore(), commit: { base, run, lease, journal, audit, durable in
        do {
            try await base.commit(run, lease: lease, journal: journal, audit: audit, durable: durable)
        } catch RunStoreError.leaseLost {
            let taken = try await base.claim(run.id, owner: lease.owner, until: .distantFuture, now: .distantPast, replacing: try base.leaseOwner(run.id))
            guard let taken else { throw RunStoreError.leaseLost(run.id) }
            try await base.commit(run, lease: taken, journal: journal, audit: audit, durable: durable)
        }
    })
}

/// The in-memory store, except that it opens a new run for a case whatever the case holds.
func caselessStore() -> some RunStore {
    ForwardingStore(InMemoryRunStore(), openCase: { base, run, audit, _ in
        var stored = run
        stored.caseSequence = 1
        try await base.insert(stored, audit: audit)
        return .opened(stored)
    })
}

import Foundation
import RedressEngine

extension RunStoreConformance {
    /// One open run per case.
    static let caseChecks: [Check] = [
        Check(name: "a case has one run that has not ended; an ended case opens again only when asked") { store, probe in
            let key = "ORD-CONF-\(UUID().uuidString.prefix(8))"
            guard case .opened(var first) = try await store.openCase(Fixture.run("case-1", caseKey: key), audit: [], reopen: false) else {
                return probe.fail("the first run of a case was not stored")
            }
            probe.expect(first.caseSequence == 1, "the first run's case sequence is \(first.caseSequence)")
            guard case .open(let summary) = try await store.openCase(Fixture.run("case-2", caseKey: key), audit: [], reopen: false) else {
                return probe.fail("a second run was stored while the first is open")
            }
            probe.expect(summary.id == first.id, "the open case names \(summary.id), not \(first.id)")
            guard let lease = try await store.claim(first.id, owner: "w1", until: Fixture.later(60), now: Fixture.now) else { return probe.fail("could not claim") }
            first.status = .completed
            try await store.commitAndRelease(first, lease: lease, journal: [], audit: [], durable: true)
            guard case .ended = try await store.openCase(Fixture.run("case-3", caseKey: key), audit: [], reopen: false) else {
                return probe.fail("an ended case was opened again without reopen")
            }
            guard case .opened(let second) = try await store.openCase(Fixture.run("case-4", caseKey: key), audit: [], reopen: true) else {
                return probe.fail("reopening an ended case stored nothing")
            }
            probe.expect(second.caseSequence == 2, "the reopened run's case sequence is \(second.caseSequence)")
        },
        Check(name: "intakes racing on one case store exactly one run") { store, probe in
            let key = "ORD-RACE-\(UUID().uuidString.prefix(8))"
            let outcomes = try await withThrowingTaskGroup(of: String.self) { group in
                for index in 0..<16 {
                    group.addTask {
                        switch try await store.openCase(Fixture.run("race-\(index)", caseKey: key), audit: [], reopen: false) {
                        case .opened(let run): return "opened \(run.id)"
                        case .open(let summary): return "open \(summary.id)"
                        case .ended: return "ended"
                        }
                    }
                }
                var all: [String] = []
                for try await outcome in group { all.append(outcome) }
                return all
            }
            let opened = outcomes.filter { $0.hasPrefix("opened ") }
            probe.expect(opened.count == 1, "\(opened.count) intakes stored a run")
            let winner = opened.first.map { String($0.dropFirst("opened ".count)) }
            probe.expect(outcomes.filter { $0.hasPrefix("open ") }.allSatisfy { $0 == "open \(winner ?? "")" }, "losers name another run: \(outcomes)")
        },
    ]
}

import Foundation
import GRDB
import RedressEngine
import RedressPlaybook
@testable import RedressSQLiteStore
import Testing

/// One open run per case, enforced by the database whichever connection or process writes.
@Suite struct CaseStoreTests {
    static let playbook = """
        playbook: case-test
        title: Case test
        anomaly: transaction_failed
        inputs:
          order_id: {type: string, required: true}
        steps:
          - id: wait
            uses: flow.await
            with: {signal: go, deadline: 1h}
        """

    private func directory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("redress-cases-\(UUID().uuidString)").path
    }

    private func open(_ engine: Engine, _ order: String, reopen: Bool = false) async throws -> CaseOpening {
        try await engine.openCase(playbookText: Self.playbook, path: "c.yaml", inputs: ["order_id": .string(order)], caseKey: order, reopen: reopen)
    }

    @Test func intakesRacingOnTwoConnectionsStoreOneRunAndAllNameIt() async throws {
        let folder = directory()
        // Two stores on one file: two writers, as two processes would have.
        let engines = [try quietEngine(try SQLiteRunStore(directory: folder)), try quietEngine(try SQLiteRunStore(directory: folder))]
        let openings = try await withThrowingTaskGroup(of: CaseOpening.self) { group in
            for index in 0..<64 { group.addTask { try await open(engines[index % 2], "ORD-1") } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        var opened: [String] = []
        var named: Set<String> = []
        for opening in openings {
            switch opening {
            case .opened(let run):
                opened.append(run.id)
                named.insert(run.id)
            case .open(let summary): named.insert(summary.id)
            case .ended: Issue.record("a new case cannot have ended")
            }
        }
        #expect(opened.count == 1)
        #expect(named.count == 1)
        #expect(try await engines[0].store.list(status: nil, limit: 100).count == 1)
    }

    @Test func anEndedCaseStaysClosedUntilReopenedAndItsRunsAreNumbered() async throws {
        let engine = try quietEngine(try SQLiteRunStore(directory: directory()))
        guard case .opened(let first) = try await open(engine, "ORD-2") else { throw CaseError.unexpected }
        #expect(first.caseSequence == 1)
        guard case .open(let same) = try await open(engine, "ORD-2", reopen: true), same.id == first.id else { throw CaseError.unexpected }
        _ = try await engine.cancel(first.id, by: "operator")
        guard case .ended(let ended) = try await open(engine, "ORD-2"), ended.id == first.id, ended.status == .cancelled else { throw CaseError.unexpected }
        guard case .opened(let second) = try await open(engine, "ORD-2", reopen: true) else { throw CaseError.unexpected }
        #expect(second.caseSequence == 2)
        #expect(try await engine.store.load(second.id)?.caseKey == "ORD-2")
        guard case .open(let again) = try await open(engine, "ORD-2", reopen: true), again.id == second.id else { throw CaseError.unexpected }
        // Another order's case is its own.
        guard case .opened(let other) = try await open(engine, "ORD-3") else { throw CaseError.unexpected }
        #expect(other.caseSequence == 1)
    }

    @Test func aVersionThreeDatabaseWithTwoOpenRunsOfAnOrderMigratesWithTheNewestInTheCase() async throws {
        let folder = directory()
        let store = try SQLiteRunStore(directory: folder)
        let clock = SteppingClock()
        let engine = try quietEngine(store, clock: clock)
        // Before cases, two runs of ORD-4 could be open at once: the race this release closes.
        var runs: [RunState] = []
        for order in ["ORD-4", "ORD-4", "ORD-5"] {
            runs.append(try await engine.start(playbookText: Self.playbook, path: "c.yaml", inputs: ["order_id": .string(order)]))
            clock.advance(by: 1)
        }
        for statement in [
            "DROP INDEX run_open_case", "DROP INDEX run_by_case", "DROP INDEX run_leased", "ALTER TABLE run DROP COLUMN case_key",
            "DELETE FROM grdb_migrations WHERE identifier LIKE 'v4:%'",
        ] { try store.executeForTesting(statement) }
        let migrated = try SQLiteRunStore(directory: folder)
        let keys = try await DatabaseQueue(path: migrated.path).read { db in
            try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT id, case_key FROM run").map { ($0[0] as String, $0[1] as String?) })
        }
        #expect(keys == [runs[0].id: nil, runs[1].id: "ORD-4", runs[2].id: "ORD-5"])
        let reopened = try quietEngine(migrated, clock: clock)
        guard case .open(let open) = try await self.open(reopened, "ORD-4"), open.id == runs[1].id else {
            throw CaseError.unexpected
        }
    }

    @Test func anIntakeWhoseWriteFailsPartWayLeavesNoHalfOpenCase() async throws {
        let store = try SQLiteRunStore(directory: directory())
        let engine = try quietEngine(store)
        guard case .opened(let template) = try await open(engine, "ORD-9") else { throw CaseError.unexpected }
        _ = try await engine.cancel(template.id, by: "operator")
        // A second run of the case whose audit rows collide (two records numbered 1): the audit
        // insert fails after the run row was written in the same transaction.
        var run = template
        run.id = "run-half"
        run.status = .pending
        let record = AuditRecord(runID: run.id, sequence: 1, event: AuditEvent(kind: AuditEvent.Kind.runCreated, at: Date()), previousHash: "", hash: "h")
        await #expect(throws: (any Error).self) { try await store.openCase(run, audit: [record, record], reopen: true) }
        #expect(try await store.load("run-half") == nil)
        // The case is as it was: closed, its one run cancelled, and it opens normally next time.
        guard case .ended(let ended) = try await open(engine, "ORD-9"), ended.id == template.id else { throw CaseError.unexpected }
        guard case .opened(let next) = try await open(engine, "ORD-9", reopen: true), next.caseSequence == 2 else { throw CaseError.unexpected }
    }

    @Test func claimDuePassesOverExcludedRuns() async throws {
        let store = try SQLiteRunStore(directory: directory())
        let clock = SteppingClock()
        let engine = try quietEngine(store, clock: clock)
        var ids: [String] = []
        for order in ["ORD-6", "ORD-7", "ORD-8"] {
            ids.append(try await engine.start(playbookText: Self.playbook, path: "c.yaml", inputs: ["order_id": .string(order)]).id)
            clock.advance(by: 1)
        }
        let claimed = try await store.claimDue(owner: "w", until: clock.now().addingTimeInterval(60), now: clock.now(), limit: 2, excluding: [ids[0], "run-unknown"])
        #expect(claimed.map(\.run.id) == [ids[1], ids[2]])
    }

    enum CaseError: Error {
        case unexpected
    }
}

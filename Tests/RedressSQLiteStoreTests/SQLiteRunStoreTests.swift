import Foundation
import GRDB
import Logging
import RedressEngine
import RedressFlowPlugin
import RedressPlaybook
import RedressPluginAPI
@testable import RedressSQLiteStore
import Synchronization
import RedressTestSupport
import Testing

/// A clock that jumps forward whenever someone sleeps.
final class SteppingClock: RunClock {
    private let time = Mutex(Date(timeIntervalSince1970: 1_800_000_000))
    func now() -> Date { time.withLock { $0 } }
    func sleep(until date: Date) async throws { time.withLock { $0 = max($0, date) } }
    func advance(by seconds: TimeInterval) { time.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

/// Records the idempotency keys it was called with.
final class KeyLog: Sendable {
    private let keys = Mutex<[String]>([])
    func append(_ key: String) { keys.withLock { $0.append(key) } }
    func withLock<T>(_ body: ([String]) -> T) -> T { keys.withLock { body($0) } }
}

struct CountingPay: StepHandler {
    let descriptor = HandlerDescriptor(
        name: "t.pay", summary: "pays", parameters: [ParameterSpec("code", .string, secret: true)], outcomes: [.success("paid")],
        policy: HandlerPolicy(hasSideEffects: true, isIdempotent: true))
    let keys = KeyLog()

    func dryRun(_ context: StepContext) -> StepResult { .outcome("paid") }

    func run(_ context: StepContext) async throws -> StepResult {
        keys.append(context.idempotencyKey)
        return .outcome("paid")
    }
}

/// An engine on `store` with the flow handlers and `pay`, 60-second leases and no log output.
func quietEngine(_ store: any RunStore, pay: CountingPay = CountingPay(), clock: SteppingClock = SteppingClock(), owner: String = "a") throws -> Engine {
    var configuration = EngineConfiguration(owner: owner)
    configuration.leaseDuration = 60
    configuration.logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
    return Engine(store: store, handlers: try HandlerSet(FlowPlugin.handlers + [pay]), clock: clock, configuration: configuration)
}

@Suite struct SQLiteRunStoreTests {
    static let playbook = """
        playbook: sqlite-test
        title: SQLite test
        anomaly: transaction_failed
        defaults:
          timeout: 30s
        steps:
          - id: pay
            uses: t.pay
            with: {code: "CANARY-7731"}
          - id: done
            uses: flow.finish
            with: {resolution: paid once}
        """

    private func temporaryDirectory() -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("redress-store-\(UUID().uuidString)").path
        return path
    }

    private func engine(_ store: any RunStore, _ pay: CountingPay, clock: SteppingClock, owner: String) throws -> Engine {
        try quietEngine(store, pay: pay, clock: clock, owner: owner)
    }

    @Test func runsSurviveReopeningTheDatabaseInWALMode() async throws {
        let directory = temporaryDirectory()
        let pay = CountingPay()
        let store = try SQLiteRunStore(directory: directory)
        let eng = try engine(store, pay, clock: SteppingClock(), owner: "a")
        let run = try await eng.drive(try await eng.start(playbookText: Self.playbook, path: "t.yaml", inputs: [:]).id)
        #expect(run.status == .completed)
        let reopened = try SQLiteRunStore(directory: directory)
        #expect(try await reopened.load(run.id)?.resolution == "paid once")
        #expect(try await reopened.list(status: .completed, limit: 10).map(\.id) == [run.id])
        await #expect(AuditChain.firstBreak(in: try reopened.audit(for: run.id)) == nil)
        let kinds = try await reopened.journal(for: run.id).map(\.kind)
        #expect(kinds == [.intent, .result], "\(kinds)")
        let audit = try await reopened.audit(for: run.id)
        let started = try #require(audit.first { $0.event.kind == "step.started" })
        #expect(started.event.data["key"] == .string("\(run.id)/pay/1"))
        #expect(audit.first { $0.event.kind == "step.finished" }?.event.data["started_at"] != nil)
        let header = try #require(FileHandle(forReadingAtPath: reopened.path)?.readData(ofLength: 20))
        #expect(header[18] == 2 && header[19] == 2, "WAL mode sets the file format bytes to 2")
    }

    @Test func corruptDatabaseIsRefusedAndLeftUntouched() throws {
        let directory = temporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = (directory as NSString).appendingPathComponent(SQLiteRunStore.fileName)
        let garbage = Data((0..<8_192).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        try garbage.write(to: URL(fileURLWithPath: path))
        #expect(throws: RunStoreError.self) { _ = try SQLiteRunStore(directory: directory) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == garbage)
    }

    @Test func databaseFromANewerVersionIsRefused() throws {
        let directory = temporaryDirectory()
        let store = try SQLiteRunStore(directory: directory)
        try store.executeForTesting("INSERT INTO grdb_migrations (identifier) VALUES ('v99: from the future')")
        #expect(throws: RunStoreError.self) { _ = try SQLiteRunStore(directory: directory) }
    }

    @Test func twoConnectionsShareOneLeaseAndAStaleTokenIsFencedOff() async throws {
        let directory = temporaryDirectory()
        let first = try SQLiteRunStore(directory: directory)
        let second = try SQLiteRunStore(directory: directory)
        let clock = SteppingClock()
        let run = try await engine(first, CountingPay(), clock: clock, owner: "a").start(playbookText: Self.playbook, path: "t.yaml", inputs: [:])
        let now = clock.now()
        let lease = try #require(try await first.claim(run.id, owner: "a", until: now.addingTimeInterval(60), now: now))
        #expect(try await second.claim(run.id, owner: "b", until: now.addingTimeInterval(60), now: now) == nil)
        let later = now.addingTimeInterval(61)
        let taken = try #require(try await second.claim(run.id, owner: "b", until: later.addingTimeInterval(60), now: later))
        #expect(taken.token > lease.token)
        var state = try #require(try await first.load(run.id))
        state.status = .failed
        await #expect(throws: RunStoreError.leaseLost(run.id)) { try await first.commit(state, lease: lease, journal: [], audit: [], durable: true) }
    }

    @Test func lastCommitOfADriveGivesTheLeaseUpInTheSameWriteAndIsFenced() async throws {
        let store = try SQLiteRunStore(directory: temporaryDirectory())
        let clock = SteppingClock()
        let run = try await engine(store, CountingPay(), clock: clock, owner: "a").start(playbookText: Self.playbook, path: "t.yaml", inputs: [:])
        let now = clock.now()
        let lease = try #require(try await store.claim(run.id, owner: "a", until: now.addingTimeInterval(60), now: now))
        var state = try #require(try await store.load(run.id))
        state.status = .waiting
        try await store.commitAndRelease(state, lease: lease, journal: [], audit: [], durable: false)
        #expect(try await store.leaseOwner(run.id) == nil)
        #expect(try await store.load(run.id)?.status == .waiting)
        // Another owner may claim at once; the old lease can no longer write.
        let taken = try #require(try await store.claim(run.id, owner: "b", until: now.addingTimeInterval(60), now: now))
        #expect(taken.token > lease.token)
        await #expect(throws: RunStoreError.leaseLost(run.id)) {
            try await store.commitAndRelease(state, lease: lease, journal: [], audit: [], durable: false)
        }
        #expect(try await store.leaseOwner(run.id) == "b")
    }

    @Test func aVersionOneDatabaseIsMigratedAndItsRunsStillLoad() async throws {
        let directory = temporaryDirectory()
        let store = try SQLiteRunStore(directory: directory)
        let run = try await engine(store, CountingPay(), clock: SteppingClock(), owner: "a").start(playbookText: Self.playbook, path: "t.yaml", inputs: [:])
        // Turn the file back into what version 1 wrote.
        try store.executeForTesting("ALTER TABLE run DROP COLUMN playbook_hash")
        try store.executeForTesting("DELETE FROM grdb_migrations WHERE identifier LIKE 'v2:%'")
        let reopened = try SQLiteRunStore(directory: directory)
        let loaded = try #require(try await reopened.load(run.id))
        #expect(loaded.playbookText == Self.playbook)
        #expect(loaded.playbookHash == run.playbookHash)
    }

    @Test func tamperingWithTheStoredAuditTrailIsDetected() async throws {
        let directory = temporaryDirectory()
        let store = try SQLiteRunStore(directory: directory)
        let clock = SteppingClock()
        let eng = try engine(store, CountingPay(), clock: clock, owner: "a")
        let run = try await eng.drive(try await eng.start(playbookText: Self.playbook, path: "t.yaml", inputs: [:]).id)
        try store.executeForTesting("DELETE FROM audit WHERE run_id = ? AND seq = 3", arguments: [run.id])
        await #expect(AuditChain.firstBreak(in: try store.audit(for: run.id))?.position == 3)
    }

    @Test func secretCanaryNeverReachesTheDatabaseFiles() async throws {
        let directory = temporaryDirectory()
        let store = try SQLiteRunStore(directory: directory)
        let clock = SteppingClock()
        let pay = CountingPay()
        let text = Self.playbook.replacingOccurrences(of: "with: {code: \"CANARY-7731\"}", with: "with: {code: \"${{ run.id }}-CANARY-7731\"}")
        let eng = try engine(store, pay, clock: clock, owner: "a")
        let run = try await eng.drive(try await eng.start(playbookText: text, path: "t.yaml", inputs: [:]).id)
        #expect(run.status == .completed)
        var bytes = Data()
        for file in try FileManager.default.contentsOfDirectory(atPath: directory) {
            bytes += try Data(contentsOf: URL(fileURLWithPath: (directory as NSString).appendingPathComponent(file)))
        }
        // The rendered secret ("<run id>-CANARY-7731") must be nowhere; the playbook's own text
        // (which holds only the template) is stored with the run by design.
        #expect(bytes.range(of: Data("\(run.id)-CANARY-7731".utf8)) == nil)
    }

    @Test func crashAfterTheIntentIsRecoveredByAnotherProcessWithTheSameKey() async throws {
        let directory = temporaryDirectory()
        let clock = SteppingClock()
        let pay = CountingPay()
        let crashing = CrashingStore(try SQLiteRunStore(directory: directory), crashAt: .after(1))
        let first = try engine(crashing, pay, clock: clock, owner: "a")
        let run = try await first.start(playbookText: Self.playbook, path: "t.yaml", inputs: [:])
        _ = try? await first.drive(run.id)
        #expect(pay.keys.withLock { $0 }.isEmpty, "the process died after the intent, before the call")
        clock.advance(by: 61)
        let restarted = try SQLiteRunStore(directory: directory)
        let second = try engine(restarted, pay, clock: clock, owner: "b")
        _ = try await second.tick()
        #expect(try await restarted.load(run.id)?.status == .completed)
        #expect(pay.keys.withLock { $0 } == ["\(run.id)/pay/1"])
        let kinds = try await restarted.journal(for: run.id).map(\.kind)
        #expect(kinds == [.intent, .recovery, .intent, .result], "\(kinds)")
    }
}


/// Group commit: many writes share a transaction, yet each succeeds or fails on its own.
@Suite struct GroupCommitTests {
    private func temporaryDirectory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("redress-batch-\(UUID().uuidString)").path
    }

    @Test func aFencedOffWriteFailsAloneWhileTheRestOfItsBatchCommits() async throws {
        let store = try SQLiteRunStore(directory: temporaryDirectory())
        let engine = try quietEngine(store)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        var claimed: [(RunState, Lease)] = []
        for _ in 0..<40 {
            let run = try await engine.start(playbookText: SQLiteRunStoreTests.playbook, path: "t.yaml", inputs: [:])
            let lease = try #require(try await store.claim(run.id, owner: "a", until: now.addingTimeInterval(60), now: now))
            claimed.append((run, lease))
        }
        let stale = 17
        let outcomes = await withTaskGroup(of: (Int, Bool).self) { group in
            for (index, (run, lease)) in claimed.enumerated() {
                group.addTask {
                    var state = run
                    state.status = .waiting
                    state.resolution = "batch \(index)"
                    var used = lease
                    if index == stale { used.token -= 1 }
                    do {
                        try await store.commit(state, lease: used, journal: [], audit: [], durable: index.isMultiple(of: 2))
                        return (index, true)
                    } catch {
                        return (index, false)
                    }
                }
            }
            var outcomes: [Int: Bool] = [:]
            for await (index, succeeded) in group { outcomes[index] = succeeded }
            return outcomes
        }
        for (index, (run, _)) in claimed.enumerated() {
            #expect(outcomes[index] == (index != stale))
            let stored = try #require(try await store.load(run.id))
            #expect(stored.resolution == (index == stale ? nil : "batch \(index)"))
        }
    }

    @Test func walSyncerResumesEveryWaiterWithItsOwnResultAfterSyncing() async throws {
        let directory = temporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/log"
        #expect(FileManager.default.createFile(atPath: path, contents: Data("frames".utf8)))
        let syncer = WALSyncer(walPath: path)
        #expect(syncer.isAvailable)
        let values = try await withThrowingTaskGroup(of: Int.self) { group in
            for value in 0..<10 {
                group.addTask {
                    let result = try await withCheckedThrowingContinuation { continuation in
                        syncer.sync([(continuation, .success(value))])
                    }
                    return try #require(result as? Int)
                }
            }
            var values: [Int] = []
            for try await value in group { values.append(value) }
            return values.sorted()
        }
        #expect(values == Array(0..<10))
        syncer.stop()
        #expect(!WALSyncer(walPath: directory + "/missing").isAvailable)
    }

    @Test func aStoredPlaybookTextThatNoLongerMatchesItsPinIsRefused() async throws {
        let directory = temporaryDirectory()
        let store = try SQLiteRunStore(directory: directory)
        let run = try await quietEngine(store).start(playbookText: SQLiteRunStoreTests.playbook, path: "t.yaml", inputs: [:])
        let edited = SQLiteRunStoreTests.playbook.replacingOccurrences(of: "paid once", with: "paid twice")
        try store.executeForTesting("UPDATE playbook SET text = ?", arguments: [edited])
        // A fresh process: nothing cached, so the text is read and checked against the pin.
        let engine = try quietEngine(try SQLiteRunStore(directory: directory))
        await #expect {
            _ = try await engine.drive(run.id)
        } throws: { error in
            guard case EngineError.pinMismatch = error else { return false }
            return true
        }
        #expect(try await engine.store.load(run.id)?.status == .pending)
        #expect(try await engine.store.leaseOwner(run.id) == nil)
    }
}

/// `Engine.sweep`, the worker's step: many due runs at once, one failure reported, not fatal.
@Suite struct SweepTests {
    @Test func sweepDrivesDueRunsConcurrentlyAndReportsAFailingRunWithoutStoppingTheOthers() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("redress-sweep-\(UUID().uuidString)").path
        let store = try SQLiteRunStore(directory: directory)
        let pay = CountingPay()
        let engine = try quietEngine(store, pay: pay)
        var healthy: [String] = []
        for _ in 0..<12 { healthy.append(try await engine.start(playbookText: SQLiteRunStoreTests.playbook, path: "t.yaml", inputs: [:]).id) }
        let otherText = SQLiteRunStoreTests.playbook.replacingOccurrences(of: "title: SQLite test", with: "title: Tampered later")
        let brokenRun = try await engine.start(playbookText: otherText, path: "u.yaml", inputs: [:])
        let broken = brokenRun.id
        try store.executeForTesting("UPDATE playbook SET text = text || '# edited' WHERE hash = ?", arguments: [brokenRun.playbookHash])
        let worker = try quietEngine(try SQLiteRunStore(directory: directory), pay: pay)
        let report = try await worker.sweep(concurrency: 8)
        #expect(Set(report.touched.map(\.id)) == Set(healthy))
        #expect(report.touched.allSatisfy { $0.status == .completed })
        #expect(report.failures.map(\.runID) == [broken])
        // The failed drive changed nothing: the run is listed as pending again, not running.
        #expect(try await worker.store.list(status: .pending, limit: 10).map(\.id) == [broken])
        #expect(pay.keys.withLock { $0.count } == 12)
        #expect(try await worker.sweep(concurrency: 8).touched.isEmpty)
    }
}

/// Claiming due runs in one write, through the `run_due` index.
@Suite struct ClaimDueTests {
    private func store() throws -> (SQLiteRunStore, Engine, String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("redress-due-\(UUID().uuidString)").path
        let store = try SQLiteRunStore(directory: directory)
        let engine = try quietEngine(store)
        return (store, engine, directory)
    }

    @Test func claimDueLeasesAndLoadsOnlyRunsWithoutALiveLeaseOldestFirst() async throws {
        let (store, engine, _) = try store()
        var ids: [String] = []
        for _ in 0..<5 { ids.append(try await engine.start(playbookText: SQLiteRunStoreTests.playbook, path: "t.yaml", inputs: [:]).id) }
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let held = try #require(try await store.claim(ids[0], owner: "b", until: now.addingTimeInterval(60), now: now))
        let claimed = try await store.claimDue(owner: "a", until: now.addingTimeInterval(60), now: now, limit: 3)
        #expect(Set(claimed.map(\.run.id)) == Set(ids[1...3]))
        #expect(claimed.allSatisfy { $0.run.playbookText == SQLiteRunStoreTests.playbook && $0.lease.owner == "a" })
        for claim in claimed { #expect(try await store.leaseOwner(claim.run.id) == "a") }
        let rest = try await store.claimDue(owner: "c", until: now.addingTimeInterval(60), now: now, limit: 10)
        #expect(rest.map(\.run.id) == [ids[4]])
        // Once the other owner's lease lapses, its run is due for anyone.
        let later = now.addingTimeInterval(61)
        let taken = try await store.claimDue(owner: "c", until: later.addingTimeInterval(60), now: later, limit: 10)
        // Claimed runs show as running; once their leases lapse, every one of them is due again.
        await #expect(Set(try store.list(status: .running, limit: 10).map(\.id)).isSuperset(of: ids[1...4]))
        #expect(Set(taken.map(\.run.id)) == Set(ids))
        #expect(taken.first { $0.run.id == ids[0] }.map { $0.lease.token > held.token } == true)
    }

    @Test func aVersionTwoDatabaseGetsTheDueIndexAndStillFindsDueRuns() async throws {
        let (store, engine, directory) = try store()
        let run = try await engine.start(playbookText: SQLiteRunStoreTests.playbook, path: "t.yaml", inputs: [:])
        try store.executeForTesting("DROP INDEX run_due")
        try store.executeForTesting("CREATE INDEX run_by_status ON run(status, wake_at)")
        try store.executeForTesting("DELETE FROM grdb_migrations WHERE identifier LIKE 'v3:%'")
        let reopened = try SQLiteRunStore(directory: directory)
        #expect(try await reopened.due(now: Date(timeIntervalSince1970: 1_800_000_000), limit: 10) == [run.id])
        try reopened.executeForTesting("DROP INDEX run_due")  // fails unless the migration created it
    }
}

/// The log is copied into the database by the checkpointer thread, not left to the writer.
@Suite struct CheckpointTests {
    @Test func committedPagesReachTheDatabaseFileWithoutTheWriterCheckpointing() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("redress-checkpoint-\(UUID().uuidString)").path
        let store = try SQLiteRunStore(directory: directory)
        let engine = try quietEngine(store)
        let size = { (try? FileManager.default.attributesOfItem(atPath: store.path)[.size] as? Int) ?? 0 }
        let before = size()
        for _ in 0..<50 { _ = try await engine.start(playbookText: SQLiteRunStoreTests.playbook, path: "t.yaml", inputs: [:]) }
        // 50 runs (about 300 pages) are below SQLite's default checkpoint (1,000 pages): only the
        // checkpointer can have moved them into the database file.
        let deadline = Date().addingTimeInterval(10)
        while size() <= before, Date() < deadline { try await Task.sleep(nanoseconds: 20_000_000) }
        #expect(size() > before)
    }
}

/// The writer's raw prepared statements bind and store values exactly as GRDB reads them back.
@Suite struct WriterStatementsTests {
    @Test func bindsEveryKindOfValueExactlyAndStaysUsableAfterAConstraintFailure() throws {
        let queue = try DatabaseQueue()
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "CREATE TABLE t (k INTEGER PRIMARY KEY, a, b, c, d, e, f)")
            let statements = WriterStatements(connection: try #require(db.sqliteConnection))
            defer { statements.finalize() }
            let insert = "INSERT INTO t (k, a, b, c, d, e, f) VALUES (?, ?, ?, ?, ?, ?, ?)"
            let values: [DatabaseValue] = [
                1.databaseValue, DatabaseValue.null, 3.5.databaseValue, "NUL\u{0}inside, 退款 🧾".databaseValue, "".databaseValue, Data().databaseValue,
                Data([0, 1, 2, 255]).databaseValue,
            ]
            #expect(try statements.run(insert, values) == 1)
            let row = try #require(try Row.fetchOne(db, sql: "SELECT a, b, length(CAST(c AS BLOB)), d, e, f, typeof(d), typeof(e), CAST(c AS BLOB) FROM t"))
            #expect(row[0] as DatabaseValue == .null)
            #expect(row[1] as Double == 3.5)
            // The whole text, NUL included (GRDB's String reading would stop at the NUL).
            #expect(row[2] as Int == "NUL\u{0}inside, 退款 🧾".utf8.count)
            #expect(row[8] as Data == Data("NUL\u{0}inside, 退款 🧾".utf8))
            #expect(row[3] as String == "")
            #expect(row[4] as Data == Data())
            #expect(row[5] as Data == Data([0, 1, 2, 255]))
            #expect(row[6] as String == "text")
            #expect(row[7] as String == "blob")
            #expect(throws: DatabaseError.self) { try statements.run(insert, values) }
            var second = values
            second[0] = 2.databaseValue
            #expect(try statements.run(insert, second) == 1)
            #expect(try statements.run("UPDATE t SET a = ? WHERE k = ?", [7.databaseValue, 9.databaseValue]) == 0)
        }
    }
}

/// The hand-off between the store's producers and its writer and sync threads.
@Suite struct MailboxTests {
    @Test func takeReturnsEverythingPostedInOrderOnceAndNilAfterCloseOnceDrained() {
        let mailbox = Mailbox<Int>()
        mailbox.post([1, 2])
        mailbox.post(3)
        #expect(mailbox.take() == [1, 2, 3])
        mailbox.post(4)
        mailbox.close()
        #expect(mailbox.take() == [4])
        #expect(mailbox.take() == nil)
    }

    @Test func aWaitingThreadWakesForItemsPostedFromAnother() async {
        let mailbox = Mailbox<Int>()
        let received = await withCheckedContinuation { continuation in
            let consumer = Thread {
                var all: [Int] = []
                while let items = mailbox.take() { all += items }
                continuation.resume(returning: all)
            }
            consumer.start()
            for value in 0..<1_000 { mailbox.post(value) }
            mailbox.close()
        }
        #expect(received == Array(0..<1_000))
    }
}

import Foundation
import Logging
import RedressDiagnostics
import RedressPlaybook
import RedressPluginAPI

/// Runs validated playbooks through registered handlers, durably.
///
/// Contract:
/// - `start` validates the playbook text (a playbook with an error never runs), checks the
///   inputs, and stores a pending run pinned to that exact text. `openCase` does the same for a
///   run about a case (an order), storing it only if the case has no run that has not ended.
/// - `drive` claims the run (one process at a time, by lease), executes steps until the run
///   ends or parks, and commits whenever something outside the run depends on it (before and
///   after every side effect, at every wait and at the end; pure steps in between are committed
///   with the next such point); it continues a run whose process died.
/// - A parked run is only a row in the store: no task, no memory. `tick` drives the runs whose
///   timer, retry or SLA deadline has come.
public struct Engine: Sendable {
    /// Where runs live.
    public let store: any RunStore
    /// The handlers this process can call.
    public let handlers: HandlerSet
    /// The time source.
    public let clock: any RunClock
    /// Tunables.
    public let configuration: EngineConfiguration
    let pin: PlaybookPin

    /// Creates an engine.
    public init(store: any RunStore, handlers: HandlerSet, clock: any RunClock = SystemRunClock(), configuration: EngineConfiguration = EngineConfiguration()) {
        self.store = store
        self.handlers = handlers
        self.clock = clock
        self.configuration = configuration
        self.pin = PlaybookPin(validator: PlaybookValidator(catalog: handlers.catalog))
    }

    /// Validates `text` and the inputs, and stores a pending run; throws `EngineError` on any
    /// problem, having stored nothing. `actor` (who started it) goes into the `run.created` record
    /// and the run's participants.
    public func start(playbookText text: String, path: String, inputs: [String: Value], runID: String? = nil, actor: String? = nil) async throws -> RunState {
        let (run, records) = try prepare(playbookText: text, path: path, inputs: inputs, runID: runID, caseKey: nil, anomaly: nil, facts: [:], actor: actor)
        try await store.insert(run, audit: records)
        return run
    }

    /// Validates `text` and the inputs like `start`, then stores the run as the next run of the
    /// case `caseKey`, unless the case has a run that has not ended (returned as `.open`) or
    /// its latest run ended and `reopen` is false (`.ended`). The check and the insert are one
    /// write (`RunStore.openCase`), so racing intakes store one run. `facts` (the anomaly found,
    /// why a run was forced or reopened) and `actor` go into the `run.created` audit record.
    package func openCase(
        playbookText text: String, path: String, inputs: [String: Value], caseKey: String, anomaly: String? = nil, reopen: Bool = false,
        facts: [String: Value] = [:], actor: String? = nil
    ) async throws -> CaseOpening {
        let (run, records) = try prepare(
            playbookText: text, path: path, inputs: inputs, runID: nil, caseKey: caseKey, anomaly: anomaly, facts: facts, actor: actor)
        let opening = try await store.openCase(run, audit: records, reopen: reopen)
        if case .opened = opening { EngineMetrics.caseOpened(anomaly: anomaly) }
        return opening
    }

    private func prepare(
        playbookText text: String, path: String, inputs: [String: Value], runID: String?, caseKey: String?, anomaly: String?, facts: [String: Value],
        actor: String?
    ) throws -> (RunState, [AuditRecord]) {
        let playbook: Playbook
        switch pin.load(text: text, path: path) {
        case .success(let loaded): playbook = loaded
        case .failure(let error): throw error
        }
        let checked = try Self.checkInputs(inputs, for: playbook)
        let now = clock.now()
        var run = RunState(
            id: runID ?? Self.newRunID(now: now), playbookID: playbook.id.value, playbookHash: PlaybookPin.hash(text), playbookText: text,
            playbookPath: path, inputs: checked, createdAt: now)
        run.caseKey = caseKey
        run.anomaly = anomaly
        if let actor { run.participants = [actor] }
        run.sla.respondBy = playbook.sla?.respondWithin.map { now.addingTimeInterval($0.value.seconds) }
        run.sla.resolveBy = playbook.sla?.resolveWithin.map { now.addingTimeInterval($0.value.seconds) }
        var data: [String: Value] = ["playbook": .string(playbook.id.value), "inputs": .object(checked)]
        if let caseKey { data["case"] = .string(caseKey) }
        for (name, value) in facts { data[name] = value }
        let records = AuditChain.append([AuditEvent(kind: AuditEvent.Kind.runCreated, actor: actor ?? "engine", data: data, at: now)], to: &run)
        return (run, records)
    }

    /// Executes the run until it ends or parks; `signal` wakes a run waiting for it.
    public func drive(_ runID: String, signal: ReceivedSignal? = nil, mode: RunMode = .live) async throws -> RunState {
        try await drive(try await claim(runID), signal: signal, mode: mode)
    }

    /// Drives the run only if it is due now (pending, stopped mid-way, or parked with its time
    /// come); returns `nil`, having changed nothing, for a run that has ended or is parked on
    /// something still ahead (another process drove it meanwhile). Throws `EngineError.busy`
    /// when a live process holds it. Intakes use it so that two of them never both drive a run.
    package func continueIfDue(_ runID: String) async throws -> RunState? {
        let claimed = try await claim(runID)
        let run = claimed.run
        if run.status.isFinal || (run.status == .waiting && (run.wakeAt ?? .distantFuture) > clock.now()) {
            try await store.release(claimed.lease)
            return nil
        }
        return try await drive(claimed)
    }

    /// Executes a run this process has already claimed; the lease is given up at the end.
    func drive(_ claimed: ClaimedRun, signal: ReceivedSignal? = nil, mode: RunMode = .live) async throws -> RunState {
        let runID = claimed.run.id
        let lease = claimed.lease
        do {
            let run = claimed.run
            guard !run.status.isFinal else {
                if signal != nil { throw EngineError.alreadyEnded(runID, run.status) }
                try await store.release(lease)
                return run
            }
            let playbook: Playbook
            switch pin.load(text: run.playbookText, path: run.playbookPath, pinnedTo: run.playbookHash) {
            case .success(let loaded): playbook = loaded
            case .failure(let error): throw error
            }
            let driver = RunDriver(engine: self, playbook: playbook, run: run, lease: lease, mode: mode, signal: signal)
            try await driver.drive()
            if !driver.released { try await store.release(driver.lease) }
            return driver.run
        } catch {
            try? await store.release(lease)
            throw error
        }
    }

    /// Drives every run whose time has come (timers, retries, SLA deadlines, crashed owners);
    /// returns the runs it touched, in their new state, in the order they finished. Throws the
    /// first run's failure, once every other due run has been driven.
    public func tick(limit: Int = 1_000, concurrency: Int = 1) async throws -> [RunState] {
        let report = try await sweep(limit: limit, concurrency: concurrency)
        if let failure = report.failures.first { throw failure.error }
        return report.touched
    }

    /// Drives up to `limit` due runs, `concurrency` at a time. Runs whose owner is a process of
    /// this machine that no longer exists are taken over first, at once (a lease of a process on
    /// another machine lapses by time). Due runs are claimed in batches (one store round trip
    /// for many runs) whenever a quarter of the slots are free. A run that fails is reported and
    /// does not stop the others; runs another process holds are left to it. Once
    /// `configuration.stop` is requested nothing more is claimed. Throws only when the store
    /// cannot claim.
    public func sweep(limit: Int = 1_000, concurrency: Int = 1, excluding: Set<String> = []) async throws -> SweepReport {
        let width = max(1, concurrency)
        var report = SweepReport()
        // Found once per sweep (a liveness check per leased run), taken in refills like due runs.
        var orphans = await configuration.stop.isRequested ? [] : try deadLocalOwners()
        try await withThrowingTaskGroup(of: (RunState?, SweepReport.Failure?).self) { group in
            var claimedCount = 0
            var inFlight = 0
            var exhausted = false
            func start(_ batch: [ClaimedRun]) {
                claimedCount += batch.count
                inFlight += batch.count
                for claimed in batch {
                    group.addTask {
                        do {
                            return (try await drive(claimed), nil)
                        } catch RunStoreError.leaseLost {
                            return (nil, nil)
                        } catch {
                            return (nil, SweepReport.Failure(runID: claimed.run.id, error: error))
                        }
                    }
                }
            }
            func refill() async throws {
                guard !exhausted, !configuration.stop.isRequested, inFlight <= width * 3 / 4 else { return }
                let wanted = min(width - inFlight, limit - claimedCount)
                guard wanted > 0 else {
                    exhausted = true
                    return
                }
                let now = clock.now()
                let until = now.addingTimeInterval(configuration.leaseDuration)
                var batch: [ClaimedRun] = []
                while batch.count < wanted, let holder = orphans.popLast() {
                    if let run = try await store.claimAndLoad(holder.runID, owner: configuration.owner, until: until, now: now, replacing: holder.owner) {
                        batch.append(run)
                    }
                }
                if batch.count < wanted {
                    let due = try await store.claimDue(owner: configuration.owner, until: until, now: now, limit: wanted - batch.count, excluding: excluding)
                    if due.count < wanted - batch.count { exhausted = true }
                    batch += due
                }
                start(batch)
            }
            try await refill()
            while let (run, failure) = try await group.next() {
                inFlight -= 1
                if let run { report.touched.append(run) }
                if let failure { report.failures.append(failure) }
                try await refill()
            }
            report.claimed = claimedCount
        }
        return report
    }

    /// Drives everything due, `batch` runs per `sweep`, until nothing is due or a stop is
    /// requested. A run that fails is reported once and passed over for the rest of the drain
    /// (one that fails every time, e.g. pinned to a text that was changed, is not driven forever).
    /// Keeps counts, not states, so draining 100,000 runs stays small; `observe` sees each run
    /// driven, in its new state, as each batch finishes.
    package func drain(concurrency: Int, batch: Int = 1_000, observe: (RunState) -> Void = { _ in }) async throws -> DrainReport {
        var report = DrainReport()
        var failed: Set<String> = []
        while !configuration.stop.isRequested {
            let pass = try await sweep(limit: batch, concurrency: concurrency, excluding: failed)
            for run in pass.touched {
                report.record(run)
                observe(run)
            }
            for failure in pass.failures where failed.insert(failure.runID).inserted { report.failures.append(failure) }
            if pass.claimed < batch { break }
        }
        report.nextWake = try await store.nextWake(after: clock.now())
        return report
    }

    /// The live leases held by processes of this machine that no longer exist (`kill -9`).
    private func deadLocalOwners() async throws -> [LeaseHolder] {
        try await store.leaseHolders(now: clock.now(), limit: 10_000).filter { OwnerLiveness.isDeadLocalOwner($0.owner) }
    }

    /// Claims a run and loads it; a lease held by a process of this machine that no longer
    /// exists (killed, crashed) is taken over at once instead of after it lapses.
    func claim(_ runID: String) async throws -> ClaimedRun {
        let now = clock.now()
        let until = now.addingTimeInterval(configuration.leaseDuration)
        let owner = configuration.owner
        if let claimed = try await store.claimAndLoad(runID, owner: owner, until: until, now: now, replacing: nil) { return claimed }
        if let holder = try await store.leaseOwner(runID), OwnerLiveness.isDeadLocalOwner(holder),
            let claimed = try await store.claimAndLoad(runID, owner: owner, until: until, now: now, replacing: holder)
        {
            return claimed
        }
        throw EngineError.busy(runID)
    }

    /// Stops a run that has not ended; `reason` becomes part of its resolution and audit record.
    /// A run still in its main steps leaves them where it is and runs its `finally` steps (with
    /// `run.status` `cancelled`: a playbook can tell the user), then ends `cancelled`.
    /// `requestID` (the API request that asked) is recorded with the cancellation.
    public func cancel(_ runID: String, by actor: String, reason: String? = nil, requestID: String? = nil) async throws -> RunState {
        let now = clock.now()
        let claimed = try await claim(runID)
        let lease = claimed.lease
        var run = claimed.run
        guard !run.status.isFinal else {
            try? await store.release(lease)
            throw EngineError.alreadyEnded(runID, run.status)
        }
        run.resolution = "cancelled by \(actor)" + (reason.map { ": \($0)" } ?? "")
        run.updatedAt = now
        let records = AuditChain.append(
            [
                AuditEvent(
                    kind: AuditEvent.Kind.runCancelled, actor: actor,
                    data: (reason.map { ["reason": .string($0)] } ?? [:]).merging(requestID.map { ["request_id": .string($0)] } ?? [:]) { $1 }, at: now)
            ], to: &run)
        guard run.phase == .main, run.current?.inFlight != true else {
            // Already in `finally` (or a call's result is outstanding): end it here.
            run.status = .cancelled
            run.wakeAt = nil
            try await store.commit(run, lease: lease, journal: [], audit: records, durable: true)
            try? await store.release(lease)
            return run
        }
        // The main steps stop where they are; the `finally` steps still run, with run.status
        // `cancelled`, so a playbook can tell the user (and record the end) as for any other end.
        run.endedAs = .cancelled
        run.phase = .finally
        run.cursor = 0
        run.current = nil
        run.status = .running
        run.wakeAt = now
        try await store.commit(run, lease: lease, journal: [], audit: records, durable: true)
        try? await store.release(lease)
        return try await drive(runID)
    }

    /// Records in the run's audit trail that `actor` was refused `action` (an unknown actor, a
    /// missing role, a self-approval) and why; the run itself is left as it was.
    public func recordRefusal(_ runID: String, actor: String, action: String, reason: String) async throws {
        let now = clock.now()
        let claimed = try await claim(runID)
        var run = claimed.run
        let records = AuditChain.append(
            [AuditEvent(kind: AuditEvent.Kind.actorRefused, actor: actor, data: ["action": .string(action), "reason": .string(reason)], at: now)], to: &run)
        try await store.commit(run, lease: claimed.lease, journal: [], audit: records, durable: true)
        try? await store.release(claimed.lease)
    }

    /// Dry run: the same path through the playbook with every handler's `dryRun`, in a
    /// throw-away in-memory store. Nothing is written anywhere.
    public func dryRun(playbookText text: String, path: String, inputs: [String: Value]) async throws -> RunState {
        let scratch = Engine(store: InMemoryRunStore(), handlers: handlers, clock: clock, configuration: configuration)
        let run = try await scratch.start(playbookText: text, path: path, inputs: inputs)
        return try await scratch.drive(run.id, mode: .dryRun)
    }

    static func newRunID(now: Date) -> String {
        let stamp = Int64(now.timeIntervalSince1970 * 1_000)
        return "run-" + String(stamp, radix: 36) + "-" + String(UInt32.random(in: 0...UInt32.max), radix: 36)
    }

    /// `inputs` checked against the playbook's input specs, with defaults applied.
    package static func checkInputs(_ inputs: [String: Value], for playbook: Playbook) throws(EngineError) -> [String: Value] {
        var problems: [String] = []
        var checked: [String: Value] = [:]
        for name in inputs.keys.sorted() where playbook.input(name) == nil {
            problems.append("unknown input '\(name)'" + (Suggestions.closest(to: name, among: playbook.inputs.map(\.name.value)).map { "; did you mean '\($0)'?" } ?? ""))
        }
        for input in playbook.inputs {
            let spec = input.parameterSpec
            var value = inputs[input.name.value] ?? .null
            if case .string(let text) = value, input.type == .boolean, let flag = ["true": true, "false": false][text] { value = .bool(flag) }
            let fitted = ValueCoercion.coerce(value, to: input.type) ?? value
            if let problem = spec.check(fitted) {
                problems.append(problem)
                continue
            }
            checked[input.name.value] = fitted == .null ? input.defaultValue ?? .null : fitted
        }
        guard problems.isEmpty else { throw .invalidInputs(problems) }
        return checked
    }
}

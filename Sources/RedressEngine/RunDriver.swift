import Crypto
import Foundation
import Logging
import RedressPlaybook
import RedressPluginAPI

/// Executes one claimed run until it ends or parks. One driver per `Engine.drive` call.
///
/// State is committed when something outside the run depends on it: the intent of a
/// side-effecting call is synced before the call; its result is synced in the next commit, which
/// comes before any later side effect, wait or end. Pure steps between those points are not
/// committed one by one: after a crash they simply run again, which changes nothing outside.
/// A crash at any point leaves a state from which `drive` can continue.
///
/// A class, owned by the one task that drives the run (never shared), so its state is not
/// copied across suspension points.
final class RunDriver {
    let engine: Engine
    let playbook: Playbook
    let mode: RunMode
    var run: RunState
    var lease: Lease
    /// Whether the last commit gave the lease up (the run ended or parked).
    private(set) var released = false
    private var journal: [JournalEntry] = []
    private var audit: [AuditEvent] = []
    private var pendingSignal: ReceivedSignal?
    /// A side effect's result is waiting to be committed; the next commit must be synced.
    private var resultPendingSync = false
    /// Metrics of what happened since the last commit, recorded once it is durable.
    private var measured: [EngineMetrics.Event] = []

    init(engine: Engine, playbook: Playbook, run: RunState, lease: Lease, mode: RunMode, signal: ReceivedSignal?) {
        self.engine = engine
        self.playbook = playbook
        self.run = run
        self.lease = lease
        self.mode = mode
        self.pendingSignal = signal
    }

    private var clock: any RunClock { engine.clock }
    /// Per step position (main steps, then `finally`): its handler and its logger, looked up
    /// once per drive instead of by name on every step.
    private var stepHandlers: [(any StepHandler)?] = []
    private var stepLoggers: [Logger?] = []

    private var position: Int { run.phase == .main ? run.cursor : playbook.steps.count + run.cursor }

    private func handler(for step: Step) -> (any StepHandler)? {
        let index = position
        if stepHandlers.isEmpty { stepHandlers = Array(repeating: nil, count: playbook.steps.count + playbook.finally.count) }
        guard stepHandlers.indices.contains(index) else { return engine.handlers[step.uses.value] }
        if let handler = stepHandlers[index] { return handler }
        let handler = engine.handlers[step.uses.value]
        stepHandlers[index] = handler
        return handler
    }

    private func stepLogger(_ stepID: String) -> Logger {
        let index = position
        if stepLoggers.isEmpty { stepLoggers = Array(repeating: nil, count: playbook.steps.count + playbook.finally.count) }
        if stepLoggers.indices.contains(index), let logger = stepLoggers[index] { return logger }
        var logger = engine.configuration.logger
        logger[metadataKey: "run"] = "\(run.id)"
        logger[metadataKey: "step"] = "\(stepID)"
        if stepLoggers.indices.contains(index) { stepLoggers[index] = logger }
        return logger
    }
    private var configuration: EngineConfiguration { engine.configuration }
    private lazy var sealer = Sealer(keyBytes: engine.configuration.sealingKey)

    // MARK: Loop

    func drive() async throws {
        if let signal = pendingSignal {
            guard let wait = run.current?.wait, wait.signal == signal.name else {
                throw EngineError.unexpectedSignal(runID: run.id, signal: signal.name, waitingFor: run.current?.wait?.signal)
            }
            audit.append(
                AuditEvent(
                    kind: AuditEvent.Kind.signalReceived, actor: signal.sender,
                    data: ["signal": .string(signal.name), "value": wait.isSecret ? .string(Redaction.mask) : .string(signal.value)].merging(
                        signal.deliveredBy.map { ["delivered_by": .string($0)] } ?? [:]) { $1 }.merging(
                            signal.requestID.map { ["request_id": .string($0)] } ?? [:]) { $1 },
                    at: clock.now()))
        }
        if run.status == .pending {
            audit.append(AuditEvent(kind: AuditEvent.Kind.runStarted, data: ["playbook": .string(run.playbookID), "hash": .string(run.playbookHash)], at: clock.now()))
        }
        run.status = .running
        while !run.status.isFinal {
            // A stop waits for a signal being delivered to reach its step, so none is lost.
            if configuration.stop.isRequested, pendingSignal == nil {
                try await commit(durable: resultPendingSync, releasing: true)
                return
            }
            let now = clock.now()
            if checkSLA(now: now) { continue }
            guard let step = currentStep() else {
                endRun(now: now)
                break
            }
            guard let handler = handler(for: step) else { throw EngineError.missingHandler(step.uses.value) }
            if run.current?.stepID != step.id.value {
                try beginVisit(step, handler: handler, now: now)
                // A visit its `when` did not end goes straight to its first attempt; nothing
                // (no time, no signal) can have changed since the top of this loop.
                if run.current?.stepID == step.id.value { try await attempt(step, handler: handler, signal: nil, recovery: false) }
                continue
            }
            guard var current = run.current else { continue }
            if current.inFlight {
                guard handler.descriptor.policy.isIdempotent else {
                    try await park(.needsReconciliation, resolution: "step '\(step.id.value)' may have run before a crash and '\(handler.descriptor.name)' cannot tell; reconcile it by hand")
                    return
                }
                journal.append(entry(step, current, .recovery, ["reason": .string("the previous process stopped during this call")], key: callKey(step, handler.descriptor, current)))
                try await attempt(step, handler: handler, signal: nil, recovery: true)
                continue
            }
            if let wait = current.wait {
                if let signal = pendingSignal, signal.name == wait.signal {
                    pendingSignal = nil
                    try await attempt(step, handler: handler, signal: signal, recovery: false)
                } else if now >= wait.deadline, wait.callsBackAtDeadline {
                    try await attempt(step, handler: handler, signal: nil, recovery: false)
                } else if now >= wait.deadline {
                    current.wait = nil
                    current.stopWaiting(at: now)
                    run.current = current
                    try finish(step, handler: handler, outcome: wait.deadlineOutcome, output: wait.deadlineOutput, detail: nil, now: now)
                } else if wait.signal == nil, wait.deadline.timeIntervalSince(now) <= configuration.inlineWaitLimit {
                    try await commit(durable: false)
                    try await withHeartbeat(lasting: wait.deadline.timeIntervalSince(now)) { try await clock.sleep(until: wait.deadline) }
                } else {
                    try await park(.waiting, resolution: nil)
                    return
                }
                continue
            }
            if let retryAt = current.retryAt, now < retryAt {
                if retryAt.timeIntervalSince(now) <= configuration.inlineWaitLimit {
                    try await commit(durable: false)
                    try await withHeartbeat(lasting: retryAt.timeIntervalSince(now)) { try await clock.sleep(until: retryAt) }
                } else {
                    try await park(.waiting, resolution: nil)
                    return
                }
                continue
            }
            try await attempt(step, handler: handler, signal: nil, recovery: false)
        }
        try await commit(durable: resultPendingSync, releasing: true)
    }

    // MARK: Steps

    private func currentStep() -> Step? {
        let list = run.phase == .main ? playbook.steps : playbook.finally
        return list.indices.contains(run.cursor) ? list[run.cursor] : nil
    }

    private func beginVisit(_ step: Step, handler: any StepHandler, now: Date) throws {
        var state = run.steps[step.id.value] ?? StepState()
        state.visits += 1
        state.attempts = 0
        run.steps[step.id.value] = state
        run.current = CurrentStep(stepID: step.id.value, visit: state.visits, startedAt: now)
        if let when = step.when {
            let value: Value
            do {
                value = try ExpressionEvaluator.evaluate(when.expression, in: RunExpressionContext(run: run))
            } catch {
                try finish(step, handler: handler, outcome: OutcomeSpec.error.name, output: nil, detail: "when: \(error.message)", now: now)
                return
            }
            if !value.isTrue {
                try finish(step, handler: handler, outcome: OutcomeSpec.skipped.name, output: nil, detail: nil, now: now)
            }
        }
    }

    private func attempt(_ step: Step, handler: any StepHandler, signal: ReceivedSignal?, recovery: Bool) async throws {
        guard var current = run.current else { return }
        let descriptor = handler.descriptor
        let now = clock.now()
        let parameters: [String: Value]
        switch renderParameters(step, descriptor: descriptor) {
        case .success(let rendered): parameters = rendered
        case .failure(let problem):
            try finish(step, handler: handler, outcome: OutcomeSpec.error.name, output: nil, detail: problem.message, now: now)
            return
        }
        if let unmet = unmetRequirement(step, descriptor: descriptor) {
            try finish(step, handler: handler, outcome: OutcomeSpec.error.name, output: nil, detail: unmet, now: now)
            return
        }
        let key = IdempotencyKey.derive(run: run, stepID: step.id.value, descriptor: descriptor, parameters: parameters, visit: current.visit)
        run.steps[step.id.value, default: StepState()].attempts = current.attempt
        let memo = current.wait?.memo ?? [:]
        let awaited = current.wait
        current.wait = nil
        current.stopWaiting(at: now)
        let sideEffects = descriptor.policy.hasSideEffects && mode == .live
        if mode == .live, descriptor.policy.movesMoney || descriptor.policy.releasesFunds {
            // The proof is checked, and marked used, before any intent is written: a refused
            // proof leaves no trace of a call that never happened.
            if let refusal = await checkProof(step: step, descriptor: descriptor, parameters: parameters, key: key, now: now) {
                audit.append(AuditEvent(kind: AuditEvent.Kind.proofRefused, data: ["step": .string(step.id.value), "reason": .string(refusal)], at: now))
                run.current = current
                try finish(step, handler: handler, outcome: OutcomeSpec.error.name, output: nil, detail: "identity proof refused: \(refusal)", now: now)
                return
            }
        }
        if sideEffects {
            current.inFlight = true
            run.current = current
            journal.append(entry(step, current, .intent, ["parameters": .object(Redaction.parameters(parameters, descriptor))], key: key))
            audit.append(
                AuditEvent(
                    kind: AuditEvent.Kind.stepStarted,
                    data: ["step": .string(step.id.value), "attempt": .integer(current.attempt), "key": .string(key), "handler": .string(descriptor.name)],
                    at: now))
            try await commit(durable: true)  // also carries any earlier result still waiting to be synced
        } else {
            run.current = current
        }
        let logger = stepLogger(step.id.value)
        let context = StepContext(
            runID: run.id, playbookID: run.playbookID, stepID: step.id.value, attempt: current.attempt, idempotencyKey: key,
            parameters: parameters, signal: signal, memo: memo, isRecovery: recovery, clock: clock, logger: logger, participants: run.participants)
        let outcome: HandlerInvoker.Outcome
        if mode == .dryRun {
            outcome = await dryRunOutcome(step, handler: handler, context: context)
        } else if descriptor.policy.isInstant {
            // No I/O, nothing to time out: no task hop, no timer.
            do {
                outcome = .returned(try await handler.run(context))
            } catch let error as StepError {
                outcome = .failed(error)
            } catch let refusal as SignalRefused {
                outcome = .refused(refusal)
            } catch {
                outcome = .failed(StepError(.fatal, "\(error)"))
            }
        } else {
            let timeout = (step.timeout?.value ?? playbook.defaults.timeout?.value ?? descriptor.defaultTimeout ?? configuration.defaultTimeout).seconds
            let store = engine.store
            let late = entry(step, current, .late, [:], key: key)
            outcome = await withHeartbeat(lasting: timeout) {
                await HandlerInvoker.call(handler, context, timeout: timeout) { lateOutcome in
                    var record = late
                    record.detail = ["result": .string(Self.describe(lateOutcome)), "discarded": .bool(true)]
                    Task { try? await store.appendJournal([record]) }
                }
            }
        }
        current.inFlight = false
        run.current = current
        let finishedAt = clock.now()
        // Whoever sent a signal the step took, and whoever passed it on, has taken part in the run
        // (four-eyes reads it).
        if let signal, !outcome.isRefusal {
            for person in [signal.sender] + (signal.deliveredBy.map { [$0] } ?? []) where !run.participants.contains(person) {
                run.participants.append(person)
            }
        }
        switch outcome {
        case .returned(.finished(let name, let output)):
            guard descriptor.outcome(name) != nil, !OutcomeSpec.implicit.contains(where: { $0.name == name }) else {
                journal.append(entry(step, current, .error, ["error": .string("undeclared outcome '\(name)'")], key: key))
                try finish(step, handler: handler, outcome: OutcomeSpec.error.name, output: nil, detail: "handler returned undeclared outcome '\(name)'", now: finishedAt)
                return
            }
            // The journal is for side effects; pure steps are in the history and the audit trail.
            if sideEffects { journal.append(entry(step, current, .result, ["outcome": .string(name)], key: key)) }
            resultPendingSync = resultPendingSync || sideEffects
            let kept = keepCredentials(output, step: step, descriptor: descriptor, outcome: name, parameters: parameters, now: finishedAt)
            let detail = mode == .dryRun ? Self.dryRunDetail(descriptor, parameters: parameters, output: output) : nil
            try finish(step, handler: handler, outcome: name, output: kept, detail: detail, now: finishedAt)
        case .returned(.waiting(let request)):
            current.wait = request
            current.waitingSince = finishedAt
            run.current = current
            journal.append(entry(step, current, .waiting, ["signal": request.signal.map(Value.string) ?? .null, "deadline": .timestamp(request.deadline)], key: key))
            audit.append(
                AuditEvent(
                    kind: AuditEvent.Kind.stepWaiting,
                    data: ["step": .string(step.id.value), "signal": request.signal.map(Value.string) ?? .null, "deadline": .timestamp(request.deadline)],
                    at: finishedAt))
            try await commit(durable: sideEffects || resultPendingSync)
        case .failed(let error) where error.kind == .ambiguous:
            journal.append(entry(step, current, .error, ["error": .string(error.description)], key: key))
            try await park(.needsReconciliation, resolution: "step '\(step.id.value)' had an uncertain result (\(error.message)); reconcile it by hand")
        case .failed(let error):
            journal.append(entry(step, current, .error, ["error": .string(error.description)], key: key))
            try retryOrFinish(step, handler: handler, errorClass: Self.errorClass(error.kind), message: error.message, now: finishedAt)
        case .refused(let refusal):
            // The run waits exactly as before; the refusal is recorded after the signal.received
            // entry (which, as for any signal, masks a secret value).
            current.wait = awaited
            run.current = current
            let name = signal?.name ?? ""
            audit.append(
                AuditEvent(
                    kind: AuditEvent.Kind.signalRefused, actor: signal?.sender ?? "engine",
                    data: ["signal": .string(name), "reason": .string(refusal.reason)], at: finishedAt))
            try await park(.waiting, resolution: nil)
            throw EngineError.signalRefused(runID: run.id, signal: name, reason: refusal.reason)
        case .timedOut:
            journal.append(entry(step, current, .error, ["error": .string("timed out")], key: key))
            try retryOrFinish(step, handler: handler, errorClass: "timeout", message: "timed out", now: finishedAt)
        }
    }

    private func retryOrFinish(_ step: Step, handler: any StepHandler, errorClass: String, message: String, now: Date) throws {
        guard var current = run.current else { return }
        let policy = step.retry ?? playbook.defaults.retry ?? RetryPolicy(attempts: 1)
        let withinTime = policy.maxElapsed.map { now.timeIntervalSince(current.firstAttemptAt) < $0.seconds } ?? true
        current.lastError = message
        if current.attempt < policy.attempts, policy.on.contains(errorClass), withinTime {
            current.attempt += 1
            let ceiling = policy.delayCeiling(beforeAttempt: current.attempt).seconds
            let delay = policy.jitter ? configuration.jitter(ceiling) : ceiling
            current.retryAt = now.addingTimeInterval(delay)
            current.waitingSince = now
            run.current = current
            audit.append(
                AuditEvent(
                    kind: AuditEvent.Kind.stepRetry,
                    data: ["step": .string(step.id.value), "attempt": .integer(current.attempt), "delay_ms": .integer(Int(delay * 1_000)), "error": .string(message)],
                    at: now))
            resultPendingSync = resultPendingSync || handler.descriptor.policy.hasSideEffects
            return
        }
        run.current = current
        try finish(step, handler: handler, outcome: errorClass == "timeout" ? OutcomeSpec.timeout.name : OutcomeSpec.error.name, output: nil, detail: message, now: now)
    }

    /// Records a step's outcome and moves the run to where the playbook routes it.
    private func finish(
        _ step: Step, handler: any StepHandler, outcome: String, output: [String: Value]?, detail: String?, now: Date
    ) throws {
        let descriptor = handler.descriptor
        let spec = descriptor.outcome(outcome) ?? (outcome == OutcomeSpec.skipped.name ? .skipped : .failure(outcome))
        var state = run.steps[step.id.value] ?? StepState()
        state.outcome = outcome
        state.output = output
        run.steps[step.id.value] = state
        if descriptor.policy.verifiesIdentityOn.contains(outcome) { run.identityVerified = true }
        if run.phase == .main, descriptor.policy.escalatesOn.contains(outcome) {
            // The case is a person's now: the run ends `escalated` however the playbook goes on.
            run.escalatedAt = step.id.value
            run.resolution = output?["resolution"]?.displayText ?? "escalated at step '\(step.id.value)'"
        }
        if descriptor.policy.contactsUser, spec.isSuccess, outcome != OutcomeSpec.skipped.name, run.sla.respondedAt == nil {
            run.sla.respondedAt = now
            measured.append(.contacted(anomaly: run.anomaly, seconds: now.timeIntervalSince(run.createdAt)))
        }
        let routedTo: String
        if run.phase == .finally {
            run.cursor += 1
            routedTo = "next"
        } else if descriptor.policy.endsRun, outcome != OutcomeSpec.skipped.name {
            let resolution = output?["resolution"]?.displayText
            routedTo = spec.isSuccess ? "end" : "fail"
            endMain(as: spec.isSuccess ? .completed : .failed, resolution: resolution)
        } else {
            let target = step.route(for: outcome)?.target.value ?? (spec.isSuccess ? .next : .fail)
            switch target {
            case .next:
                run.cursor += 1
                if run.cursor >= playbook.steps.count {
                    routedTo = "end"
                    endMain(as: .completed, resolution: "completed after step '\(step.id.value)' (\(outcome))")
                } else {
                    routedTo = playbook.steps[run.cursor].id.value
                }
            case .end:
                routedTo = "end"
                endMain(as: .completed, resolution: "completed after step '\(step.id.value)' (\(outcome))")
            case .fail:
                routedTo = "fail"
                endMain(as: .failed, resolution: "failed at step '\(step.id.value)': \(outcome)" + (detail.map { " (\($0))" } ?? ""))
            case .step(let id):
                routedTo = id
                run.cursor = playbook.steps.firstIndex { $0.id.value == id } ?? playbook.steps.count
            }
        }
        let started = run.current?.startedAt ?? now
        var visit = run.current
        visit?.stopWaiting(at: now)
        run.history.append(
            StepRecord(
                stepID: step.id.value, handler: descriptor.name, outcome: outcome, attempts: state.attempts, startedAt: started, endedAt: now,
                routedTo: routedTo, detail: detail, waited: visit?.waited ?? 0))
        measured.append(.step(handler: descriptor.name, outcome: outcome, seconds: now.timeIntervalSince(started) - (visit?.waited ?? 0)))
        var data: [String: Value] = [
            "step": .string(step.id.value), "outcome": .string(outcome), "attempts": .integer(state.attempts), "to": .string(routedTo),
            "started_at": .timestamp(started),
        ]
        if let detail { data["detail"] = .string(detail) }
        audit.append(AuditEvent(kind: AuditEvent.Kind.stepFinished, data: data, at: now))
        run.current = nil
    }

    private func endMain(as status: RunStatus, resolution: String?) {
        if status == .completed, run.escalatedAt != nil {
            // Ended after handing the case to a person: the escalation's resolution stands.
            run.endedAs = .escalated
        } else {
            run.endedAs = status
            if run.resolution == nil || resolution != nil { run.resolution = resolution ?? run.resolution }
        }
        run.phase = .finally
        run.cursor = 0
    }

    private func endRun(now: Date) {
        if run.phase == .main { endMain(as: .completed, resolution: "completed") }
        run.status = run.endedAs ?? .completed
        run.wakeAt = nil
        audit.append(AuditEvent(kind: AuditEvent.Kind.runEnded, data: ["status": .string(run.status.rawValue), "resolution": .string(run.resolution ?? "")], at: now))
    }

    // MARK: SLA

    /// Marks newly breached deadlines and, the first time, jumps to `sla.on_breach`.
    private func checkSLA(now: Date) -> Bool {
        guard run.phase == .main else { return false }
        var newly: [String] = []
        if let respondBy = run.sla.respondBy, run.sla.respondedAt == nil, now >= respondBy, !run.sla.breached.contains("respond") {
            newly.append("respond")
        }
        if let resolveBy = run.sla.resolveBy, now >= resolveBy, !run.sla.breached.contains("resolve") { newly.append("resolve") }
        guard !newly.isEmpty else { return false }
        run.sla.breached += newly
        for clock in newly { measured.append(.breached(playbook: run.playbookID, clock: clock)) }
        audit.append(AuditEvent(kind: AuditEvent.Kind.slaBreached, data: ["deadlines": .list(newly.map(Value.string))], at: now))
        guard !run.sla.breachHandled, let target = playbook.sla?.onBreach?.value,
            let index = playbook.steps.firstIndex(where: { $0.id.value == target }), run.current?.stepID != target,
            run.current?.inFlight != true
        else { return false }
        run.sla.breachHandled = true
        if var current = run.current {
            current.stopWaiting(at: now)
            run.history.append(
                StepRecord(
                    stepID: current.stepID, handler: playbook.step(current.stepID)?.uses.value ?? "", outcome: OutcomeSpec.interrupted.name,
                    attempts: current.attempt, startedAt: current.startedAt, endedAt: now, routedTo: target, detail: "SLA breached",
                    waited: current.waited))
        }
        run.current = nil
        run.cursor = index
        audit.append(AuditEvent(kind: AuditEvent.Kind.route, data: ["reason": .string("sla"), "to": .string(target)], at: now))
        return true
    }

    // MARK: Dry runs

    /// A dry run answers "what would happen to this order now": a handler that only reads (no
    /// side effects, no money, no message) runs for real, under the step's timeout; every other
    /// handler gives its `dryRun`, and so does a reader that would wait (a dry run never waits)
    /// or fails.
    private func dryRunOutcome(_ step: Step, handler: any StepHandler, context: StepContext) async -> HandlerInvoker.Outcome {
        let policy = handler.descriptor.policy
        guard !policy.hasSideEffects, !policy.movesMoney, !policy.releasesFunds, !policy.contactsUser, !policy.waitsForPerson else {
            return .returned(await handler.dryRun(context))
        }
        let timeout = (step.timeout?.value ?? playbook.defaults.timeout?.value ?? handler.descriptor.defaultTimeout ?? configuration.defaultTimeout).seconds
        let real = await HandlerInvoker.call(handler, context, timeout: timeout) { _ in }
        if case .returned(.finished) = real { return real }
        return .returned(await handler.dryRun(context))
    }

    /// What a dry run shows of a step with effects: the message it would send (its `preview`
    /// output), or the call it would make with its non-secret parameters.
    static func dryRunDetail(_ descriptor: HandlerDescriptor, parameters: [String: Value], output: [String: Value]) -> String? {
        guard descriptor.policy.hasSideEffects || descriptor.policy.movesMoney || descriptor.policy.releasesFunds else { return nil }
        if case .string(let preview)? = output["preview"], !preview.isEmpty { return "would send: " + preview }
        let shown = Redaction.parameters(parameters, descriptor).filter { key, value in
            descriptor.messageBinding.map { key != $0.template && key != $0.values } ?? true && value != .null
        }
        let verb = descriptor.policy.movesMoney || descriptor.policy.releasesFunds ? "would move money" : "would call"
        return "\(verb): \(descriptor.name)(" + shown.keys.sorted().map { "\($0)=\(shown[$0]?.displayText ?? "")" }.joined(separator: ", ") + ")"
    }

    // MARK: Identity proofs

    /// Seals the output's secret fields, and records the proof a verifier issued (its digest and
    /// subject: the user and order parameters it verified, its expiry) before anything is stored.
    private func keepCredentials(
        _ output: [String: Value], step: Step, descriptor: HandlerDescriptor, outcome: String, parameters: [String: Value], now: Date
    ) -> [String: Value] {
        var kept = output
        if case .issues(let proofField, let expiryField, let userParameter, let orderParameter) = descriptor.identityProof,
            descriptor.policy.verifiesIdentityOn.contains(outcome), case .string(let proof)? = output[proofField], !proof.isEmpty
        {
            // A proof without an expiry is good for the default lifetime from its issue.
            var expiresAt = now.addingTimeInterval(Self.defaultProofLifetime)
            if case .timestamp(let date)? = output[expiryField] { expiresAt = date }
            run.proofs.append(
                ProofRecord(
                    digest: Self.digest(proof), user: parameters[userParameter]?.displayText ?? "", order: parameters[orderParameter]?.displayText ?? "",
                    issuedBy: step.id.value, expiresAt: expiresAt))
        }
        for field in descriptor.outputs where field.isSecret {
            if case .string(let text)? = kept[field.name] { kept[field.name] = .string(sealer.seal(text)) }
        }
        return kept
    }

    /// Why the money call's proof is refused, or `nil` when it may go ahead (then it is marked
    /// used by this call's key, which a retry or a recovery of the same call shares).
    private func checkProof(step: Step, descriptor: HandlerDescriptor, parameters: [String: Value], key: String, now: Date) async -> String? {
        guard case .requires(let proofParameter, let orderParameter) = descriptor.identityProof else {
            return "'\(descriptor.name)' moves money but takes no identity proof"
        }
        guard case .string(let proof)? = parameters[proofParameter], !proof.isEmpty else { return "no proof was given" }
        guard case .string(let order)? = parameters[orderParameter] else { return "no order was given" }
        let digest = Self.digest(proof)
        guard let index = run.proofs.firstIndex(where: { $0.digest == digest }) else {
            return "the proof was not issued by a verification in this run"
        }
        let record = run.proofs[index]
        guard now <= record.expiresAt else { return "the proof expired at \(record.expiresAt.formatted(.iso8601))" }
        guard record.order == order else { return "the proof is for order \(record.order), not \(order)" }
        if let used = record.usedBy, used != key { return "the proof was already used by another money call" }
        guard let owners = configuration.owners else { return "no order-owner lookup is configured" }
        let owner: String?
        do {
            owner = try await owners.owner(ofOrder: order)
        } catch {
            return "the wallet could not say who owns \(order) (\(error))"
        }
        guard let owner else { return "the wallet does not know order \(order)" }
        guard owner == record.user else { return "the verified user is not the owner of \(order)" }
        run.proofs[index].usedBy = key
        return nil
    }

    static let defaultProofLifetime: TimeInterval = 15 * 60

    /// Hex SHA-256 of a proof: what the run keeps of it.
    static func digest(_ text: String) -> String { AuditChain.hex(SHA256.hash(data: Data(text.utf8))) }

    // MARK: Parameters and requirements

    private struct ParameterProblem: Error {
        let message: String
    }

    private func renderParameters(_ step: Step, descriptor: HandlerDescriptor) -> Result<[String: Value], ParameterProblem> {
        // Most steps bind nothing or only literals: the context (a copy of the run) is made
        // only for a step that binds something.
        guard !descriptor.parameters.isEmpty else { return .success([:]) }
        let context = RunExpressionContext(run: run)
        var values: [String: Value] = [:]
        for spec in descriptor.parameters {
            guard let binding = step.with.first(where: { $0.name.value == spec.name }) else {
                if let value = spec.defaultValue { values[spec.name] = value }
                continue
            }
            let rendered: Value
            do {
                rendered = try Self.render(binding.value, as: spec.type, in: context)
            } catch {
                return .failure(ParameterProblem(message: "parameter '\(spec.name)': \(error.message)"))
            }
            var fitted = ValueCoercion.coerce(rendered, to: spec.type) ?? rendered
            // A sealed credential opens only into a secret parameter, just before the call.
            if spec.isSecret, case .string(let text) = fitted, Sealer.isSealed(text) {
                guard let clear = sealer.open(text) else {
                    return .failure(ParameterProblem(message: "parameter '\(spec.name)': a sealed value could not be opened (another sealing key?)"))
                }
                fitted = .string(clear)
            }
            if let problem = spec.check(fitted) { return .failure(ParameterProblem(message: problem)) }
            values[spec.name] = fitted == .null ? spec.defaultValue ?? .null : fitted
        }
        for spec in descriptor.parameters where spec.isRequired && (values[spec.name] ?? .null) == .null {
            return .failure(ParameterProblem(message: "'\(spec.name)' is required"))
        }
        // A handler that writes to users gets the template's texts, not its name.
        if let binding = descriptor.messageBinding, case .string(let name)? = values[binding.template] {
            guard let template = MessageWords.template(name, in: playbook.messages) else {
                return .failure(ParameterProblem(message: "no message template '\(name)' in this playbook"))
            }
            values[binding.template] = template
        }
        return .success(values)
    }

    private static func render(_ value: ParameterValue, as type: ValueType, in context: RunExpressionContext) throws(ExpressionEvaluationError) -> Value {
        switch value {
        case .literal(let literal, _, let written): return ParameterValue.literal(literal, written: written, as: type)
        case .template(let template, _): return try template.render(in: context)
        case .list(let items, _):
            var values: [Value] = []
            for item in items { values.append(try render(item, as: .any, in: context)) }
            return .list(values)
        case .object(let fields, _):
            var values: [String: Value] = [:]
            for field in fields { values[field.name.value] = try render(field.value, as: .any, in: context) }
            return .object(values)
        }
    }

    private func unmetRequirement(_ step: Step, descriptor: HandlerDescriptor) -> String? {
        let needsIdentity = descriptor.policy.needsVerifiedIdentity
        for requirement in step.requires {
            switch requirement {
            case .identityVerified:
                if !run.identityVerified { return "requires verified identity" }
            case .condition(let condition):
                let value = try? ExpressionEvaluator.evaluate(condition.expression, in: RunExpressionContext(run: run))
                if value?.isTrue != true { return "a 'requires' condition is false" }
            }
        }
        // The validator proves this on every path; the engine checks again because money is at stake.
        if needsIdentity, !run.identityVerified { return "moves money but the user's identity is not verified" }
        return nil
    }

    // MARK: Persistence

    private func park(_ status: RunStatus, resolution: String?) async throws {
        run.status = status
        if let resolution { run.resolution = resolution }
        if status == .needsReconciliation {
            audit.append(AuditEvent(kind: AuditEvent.Kind.runNeedsReconciliation, data: ["reason": .string(resolution ?? "")], at: clock.now()))
        }
        try await commit(durable: status == .needsReconciliation || resultPendingSync, releasing: true)
    }

    /// Writes the run; `releasing` gives the lease up in the same write (the drive's last).
    private func commit(durable: Bool, releasing: Bool = false) async throws {
        let now = clock.now()
        run.updatedAt = now
        run.wakeAt = wakeTime()
        lease.expiresAt = now.addingTimeInterval(configuration.leaseDuration)
        var next = run
        let records = AuditChain.append(audit, to: &next)
        if releasing {
            try await engine.store.commitAndRelease(next, lease: lease, journal: journal, audit: records, durable: durable || resultPendingSync)
            released = true
        } else {
            try await engine.store.commit(next, lease: lease, journal: journal, audit: records, durable: durable || resultPendingSync)
        }
        run = next
        journal.removeAll(keepingCapacity: true)
        audit.removeAll(keepingCapacity: true)
        resultPendingSync = false
        if mode != .dryRun {
            if releasing, run.status.isFinal { measured.append(.ended(playbook: run.playbookID, status: run.status)) }
            for event in measured { EngineMetrics.record(event) }
        }
        measured.removeAll(keepingCapacity: true)
    }

    private func wakeTime() -> Date? {
        guard !run.status.isFinal else { return nil }
        var times: [Date] = []
        if let wait = run.current?.wait { times.append(wait.deadline) }
        if let retryAt = run.current?.retryAt { times.append(retryAt) }
        if run.phase == .main {
            if let respondBy = run.sla.respondBy, run.sla.respondedAt == nil, !run.sla.breached.contains("respond") { times.append(respondBy) }
            if let resolveBy = run.sla.resolveBy, !run.sla.breached.contains("resolve") { times.append(resolveBy) }
        }
        return times.min()
    }

    private func entry(_ step: Step, _ current: CurrentStep, _ kind: JournalEntry.Kind, _ detail: [String: Value], key: String) -> JournalEntry {
        JournalEntry(runID: run.id, stepID: step.id.value, attempt: current.attempt, idempotencyKey: key, kind: kind, detail: detail, at: clock.now())
    }

    /// The key the step's call uses, outside `attempt` (a recovery's journal entry).
    private func callKey(_ step: Step, _ descriptor: HandlerDescriptor, _ current: CurrentStep) -> String {
        guard descriptor.businessKey != nil, case .success(let parameters) = renderParameters(step, descriptor: descriptor) else {
            return IdempotencyKey.runScoped(runID: run.id, stepID: step.id.value, visit: current.visit)
        }
        return IdempotencyKey.derive(run: run, stepID: step.id.value, descriptor: descriptor, parameters: parameters, visit: current.visit)
    }

    /// Runs `body`, renewing the lease every third of its duration while `body` could outlast
    /// it; a call that ends well within the lease (the usual case) costs nothing extra. A renewal
    /// that finds the lease gone stops renewing: the next commit then fails as a lost lease.
    private func withHeartbeat<T>(lasting seconds: TimeInterval, _ body: () async throws -> T) async rethrows -> T {
        let duration = configuration.leaseDuration
        guard clock.now().addingTimeInterval(seconds + duration / 4) >= lease.expiresAt else { return try await body() }
        let store = engine.store
        let lease = self.lease
        let clock = self.clock
        let beat = Task {
            while !Task.isCancelled {
                try await Task.sleep(nanoseconds: UInt64(max(0.01, duration / 3) * 1_000_000_000))
                guard try await store.renew(lease, until: clock.now().addingTimeInterval(duration)) else { return }
            }
        }
        defer { beat.cancel() }
        return try await body()
    }

    /// The retry policy's name (`on: [...]`) for a handler's failure.
    private static func errorClass(_ kind: StepError.Kind) -> String {
        switch kind {
        case .retryable: return "retryable"
        case .timedOut: return "timeout"
        case .fatal, .ambiguous: return "fatal"
        }
    }

    private static func describe(_ outcome: HandlerInvoker.Outcome) -> String {
        switch outcome {
        case .returned(.finished(let name, _)): return "outcome \(name)"
        case .returned(.waiting): return "a wait"
        case .failed(let error): return "error \(error)"
        case .refused(let refusal): return "refused the signal: \(refusal.reason)"
        case .timedOut: return "timeout"
        }
    }
}

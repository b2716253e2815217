import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Prometheus
import RedressCases
import RedressDiagnostics
import RedressEngine
import RedressPlaybook
import RedressPluginAPI
import RedressRuntime

/// The HTTP API of `redress serve` (`openapi/redress-api.yaml`): open cases, list and read
/// runs and their audit trails, deliver signals, cancel, list and validate playbooks, health.
///
/// Contract:
/// - Every `/v1` route needs `Authorization: Bearer TOKEN` of an actor configured in
///   `redress.yaml`: no or an unknown token is 401, a role that does not allow the action 403
///   (a refusal on a run is also written to its audit trail). `/healthz`, `/readyz` and
///   `/openapi.yaml` need none.
/// - Writes act as the token's actor: the audit trail records that name, and four-eyes compares it.
/// - Bodies are JSON objects of known fields only (an unknown field is a 400 naming it), at most
///   `maxBodyBytes`; every error is problem+json (`APIProblem`). A signal's value is handed to
///   the waiting step and never stored, logged or echoed.
/// - The server never drives a run of another process: a run leased elsewhere is 409 `busy`.
/// - Each actor may make `requestsPerSecond` requests a second (bursts of twice that); more is
///   429 with `Retry-After`.
package struct APIServer: Sendable {
    /// The engine runs are driven by.
    package let engine: Engine
    /// How cases are opened (triage, the playbook choice, the case guard).
    package let intake: CaseIntake
    /// Who may do what.
    package let directory: ActorDirectory
    /// The playbooks listed and chosen from.
    package let playbookFolder: String
    /// Checks playbooks (the same checks `redress validate` makes).
    package let validator: PlaybookValidator
    /// The largest request body read (1 MiB by default).
    package var maxBodyBytes = 1 << 20
    /// The registry `GET /metrics` writes out (the one the process bootstrapped swift-metrics
    /// with); `nil`: no `/metrics` route.
    package var metrics: PrometheusCollectorRegistry?
    /// Requests per second each actor may make on average, in bursts of twice as many.
    package var requestsPerSecond = 200.0 {
        didSet { limiter = RateLimiter(perSecond: requestsPerSecond, burst: requestsPerSecond * 2) }
    }
    private var limiter = RateLimiter(perSecond: 200, burst: 400)
    /// Where the access log's lines go (`nil`: no access log).
    package var accessLog: (@Sendable (String) -> Void)?

    /// A server over these parts.
    package init(engine: Engine, intake: CaseIntake, directory: ActorDirectory, playbookFolder: String, validator: PlaybookValidator) {
        self.engine = engine
        self.intake = intake
        self.directory = directory
        self.playbookFolder = playbookFolder
        self.validator = validator
    }

    /// The application listening on `host:port` (port 0: any free port); `onRunning` learns the
    /// port actually bound.
    package func application(host: String, port: Int, logger: Logger, onRunning: @escaping @Sendable (Int) async -> Void) -> some ApplicationProtocol {
        Application(
            router: router(),
            configuration: .init(address: .hostname(host, port: port), serverName: "redress"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) },
            logger: logger)
    }

    /// Every route.
    func router() -> Router<BasicRequestContext> {
        let router = Router()
        if let accessLog { router.add(middleware: AccessLog(write: accessLog)) }
        router.get("/healthz") { _, _ in APIJSON.response(["status": "ok"]) }
        router.get("/readyz") { _, _ in await self.readiness() }
        router.get("/openapi.yaml") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/yaml"], body: ResponseBody(byteBuffer: ByteBuffer(string: RedressAPIDocument.text)))
        }
        if let metrics {
            router.get("/metrics") { _, _ in await self.scrape(metrics) }
        }
        router.post("/v1/cases") { request, _ in await self.answer { try await self.openCase(request) } }
        router.get("/v1/runs") { request, _ in await self.answer { try await self.listRuns(request) } }
        router.get("/v1/runs/:run") { request, context in
            await self.answer {
                _ = try self.authenticate(request)
                return APIJSON.response(RunDocument(try await self.run(try Self.segment(context, "run"))))
            }
        }
        router.get("/v1/runs/:run/audit") { request, context in await self.answer { try await self.audit(request, run: try Self.segment(context, "run")) } }
        router.post("/v1/runs/:run/signals/:signal") { request, context in
            await self.answer { try await self.deliver(request, run: try Self.segment(context, "run"), signal: try Self.segment(context, "signal")) }
        }
        router.post("/v1/runs/:run/cancel") { request, context in await self.answer { try await self.cancel(request, run: try Self.segment(context, "run")) } }
        router.get("/v1/playbooks") { request, _ in await self.answer { try await self.playbooks(request) } }
        router.post("/v1/playbooks/validate") { request, _ in await self.answer { try await self.validate(request) } }
        return router
    }

    // MARK: Routes

    /// `POST /v1/cases`: `{"order_id", "reopen"?, "reason"?}`.
    func openCase(_ request: Request) async throws -> Response {
        let actor = try authenticate(request, for: .openCase)
        let body = try APIJSON.object(try await APIJSON.body(request, limit: maxBodyBytes), allowed: ["order_id", "reopen", "reason"])
        guard let order = try APIJSON.string(body, "order_id", required: true, maxLength: 128) else { throw APIProblem(.badRequest, "'order_id' is required", field: "order_id") }
        let reopen = try APIJSON.bool(body, "reopen")
        let reason = try APIJSON.string(body, "reason", required: reopen, maxLength: 1_000)
        let result: CaseIntake.Result
        do {
            result = try await intake.open(order: order, reopen: reopen, reason: reason, actor: actor.name, requestID: RequestNote.current?.id)
        } catch let refusal as CaseIntake.Refusal {
            throw APIProblem(.conflict, refusal.message)
        }
        switch result {
        case .unknownOrder:
            throw APIProblem(.notFound, "the wallet has no order \(order)", field: "order_id")
        case .normal(_, let decision):
            throw APIProblem(.notAnomalous, "order \(order) is not anomalous (triage: \(decision.anomaly)); no case was opened")
        case .opened(let run, let triage):
            return APIJSON.response(Self.caseDocument("opened", run, triage), status: .created)
        case .alreadyOpen(let summary, let triage):
            return APIJSON.response(Self.caseDocument("already_open", try await self.run(summary.id), triage))
        case .ended(let summary, _):
            throw APIProblem(.conflict, "the case of order \(order) ended with run \(summary.id) (\(summary.status.rawValue)); send \"reopen\": true with a reason to open it again")
        }
    }

    /// `GET /v1/runs?status=&order=&playbook=&since=&limit=&cursor=`.
    func listRuns(_ request: Request) async throws -> Response {
        _ = try authenticate(request)
        let query = request.uri.queryParameters
        var filter = RunFilter()
        if let status = query.get("status") {
            guard let parsed = RunStatus(rawValue: status) else {
                throw APIProblem(.badRequest, "unknown status '\(status)' (known: \(RunStatus.allCases.map(\.rawValue).joined(separator: ", ")))", field: "status")
            }
            filter.status = parsed
        }
        filter.order = query.get("order")
        filter.playbook = query.get("playbook")
        if let since = query.get("since") {
            guard let date = try? Date(since, strategy: .iso8601) else { throw APIProblem(.badRequest, "'since' must be an ISO 8601 time", field: "since") }
            filter.since = date
        }
        if let cursor = query.get("cursor") {
            guard let parsed = RunListDocument.cursor(cursor) else { throw APIProblem(.badRequest, "'cursor' is not a cursor this API gave", field: "cursor") }
            filter.after = parsed
        }
        let limit = try query.get("limit").map { text in
            guard let number = Int(text), (1...500).contains(number) else { throw APIProblem(.badRequest, "'limit' must be 1 to 500", field: "limit") }
            return number
        } ?? 50
        let (runs, total) = try await engine.store.list(filter, limit: limit)
        // A full page may have a next one; its cursor is the page's last run.
        let next = runs.count == limit ? runs.last.map { RunListDocument.token(RunCursor(after: $0)) } : nil
        return APIJSON.response(RunListDocument(runs: runs.map(RunSummaryDocument.init), total: total, nextCursor: next))
    }

    /// `GET /v1/runs/{id}/audit`: the trail, and where its chain breaks if it does.
    func audit(_ request: Request, run id: String) async throws -> Response {
        _ = try authenticate(request)
        let run = try await self.run(id)
        let entries = try await engine.store.auditEntries(for: id)
        let broken = AuditChain.firstBreak(in: entries, head: run.auditHead)
        return APIJSON.response(
            AuditDocument(
                runID: id,
                entries: entries.compactMap { $0 }.map {
                    AuditDocument.Entry(sequence: $0.sequence, kind: $0.event.kind, actor: $0.event.actor, at: $0.event.at, data: $0.event.data.mapValues { JSONValue($0) }, hash: $0.hash)
                },
                chain: AuditDocument.Chain(intact: broken == nil, brokenAt: broken?.position, reason: broken?.reason)))
    }

    /// `POST /v1/runs/{id}/signals/{name}`: `{"value"}` to the waiting step, as the token's actor
    /// (a user's signal is recorded as the user's, delivered by the actor).
    func deliver(_ request: Request, run id: String, signal name: String) async throws -> Response {
        let actor = try authenticate(request)
        let body = try APIJSON.object(try await APIJSON.body(request, limit: maxBodyBytes), allowed: ["value"])
        guard let value = try APIJSON.string(body, "value", required: true, maxLength: 4_096) else { throw APIProblem(.badRequest, "'value' is required", field: "value") }
        let run = try await self.run(id)
        let wait = run.current?.wait
        let action = ActorAction.delivering(to: wait?.audience ?? .operator)
        let who = try await permit(actor, action, run: id)
        let received: ReceivedSignal
        if wait?.audience == .user, let user = wait?.subject {
            received = ReceivedSignal(name: name, value: value, sender: user, deliveredBy: who, receivedAt: Date(), requestID: RequestNote.current?.id)
        } else {
            received = ReceivedSignal(name: name, value: value, sender: who, receivedAt: Date(), requestID: RequestNote.current?.id)
        }
        return APIJSON.response(RunDocument(try await engine.drive(id, signal: received)))
    }

    /// `POST /v1/runs/{id}/cancel`: `{"reason"}` (required).
    func cancel(_ request: Request, run id: String) async throws -> Response {
        let actor = try authenticate(request)
        let body = try APIJSON.object(try await APIJSON.body(request, limit: maxBodyBytes), allowed: ["reason"])
        guard let reason = try APIJSON.string(body, "reason", required: true, maxLength: 1_000) else { throw APIProblem(.badRequest, "'reason' is required", field: "reason") }
        _ = try await self.run(id)
        let who = try await permit(actor, .cancel, run: id)
        return APIJSON.response(RunDocument(try await engine.cancel(id, by: who, reason: reason, requestID: RequestNote.current?.id)))
    }

    /// `GET /v1/playbooks`: every playbook in the folder and whether it may run.
    func playbooks(_ request: Request) async throws -> Response {
        _ = try authenticate(request)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: playbookFolder)) ?? [])
            .filter { ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml")) && !$0.contains(".test.") && $0 != "triage.yaml" }.sorted()
        let listed = names.map { name -> PlaybookDocument in
            let report = validator.validateFile(atPath: (playbookFolder as NSString).appendingPathComponent(name))
            return PlaybookDocument(report, path: (playbookFolder as NSString).appendingPathComponent(name))
        }
        return APIJSON.response(["playbooks": listed])
    }

    /// `POST /v1/playbooks/validate`: the body is a playbook's text; the answer lists what
    /// `redress validate --format json` would.
    func validate(_ request: Request) async throws -> Response {
        _ = try authenticate(request)
        let text = try await APIJSON.body(request, limit: maxBodyBytes)
        let report = validator.validate(SourceFile(path: "posted.yaml", bytes: Array(text)))
        return APIJSON.response(ValidationDocument(valid: report.isRunnable, diagnostics: report.diagnostics.map(DiagnosticJSONFormatter.record)))
    }

    /// `GET /metrics`: the registry in Prometheus's text format, after reading the store's
    /// gauges (runs by status that have not ended, the due backlog); a store that does not answer
    /// leaves them as they were.
    func scrape(_ registry: PrometheusCollectorRegistry) async -> Response {
        for status in [RunStatus.pending, .running, .waiting] {
            if let total = try? await engine.store.list(RunFilter(status: status), limit: 1).total {
                registry.makeGauge(name: "redress_runs", labels: [("status", status.rawValue)], help: "Runs that have not ended, by status").set(Double(total))
            }
        }
        if let due = try? await engine.store.due(now: Date(), limit: 100_000) {
            registry.makeGauge(name: "redress_due_backlog", help: "Runs due for a worker now (up to 100,000)").set(Double(due.count))
        }
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: buffer)))
    }

    /// `GET /readyz`: 200 when the run store answers, 503 with the reason when it does not.
    func readiness() async -> Response {
        do {
            _ = try await engine.store.list(status: nil, limit: 1)
            return APIJSON.response(["status": "ready"])
        } catch {
            return APIProblem(.unavailable, "the run store does not answer: \(error)").response
        }
    }

    // MARK: Plumbing

    /// Runs `route`, turning every failure into its problem answer.
    func answer(_ route: () async throws -> Response) async -> Response {
        do {
            return try await route()
        } catch let problem as APIProblem {
            return problem.response
        } catch let error as EngineError {
            return Self.problem(for: error).response
        } catch {
            return APIProblem(.unavailable, "the request could not be completed: \(error)").response
        }
    }

    /// The configured actor the request's bearer token belongs to (401 otherwise), allowed
    /// `action` when one is named (403 otherwise).
    func authenticate(_ request: Request, for action: ActorAction? = nil) throws -> ConfiguredActor {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else {
            throw APIProblem(.unauthenticated, "send 'Authorization: Bearer TOKEN' with a token of an actor configured in redress.yaml")
        }
        guard let actor = directory.actor(bearing: String(header.dropFirst("Bearer ".count))) else {
            throw APIProblem(.unauthenticated, "the bearer token is not any configured actor's")
        }
        RequestNote.current?.actor = actor.name
        if let wait = limiter.admit(actor.name) {
            let seconds = max(1, Int(wait.rounded(.up)))
            throw APIProblem(.tooManyRequests, "actor '\(actor.name)' is over \(Int(requestsPerSecond)) requests a second; try again in \(seconds) s", retryAfter: seconds)
        }
        if let action, case .failure(let refusal) = ActorDirectory.permits(actor, action) { throw APIProblem(.forbidden, refusal.message) }
        return actor
    }

    /// `actor` allowed `action` on run `id`; a refusal is written to the run's audit trail before
    /// the 403 is answered (a trail that cannot take it, e.g. a run being driven elsewhere, does
    /// not change the answer).
    func permit(_ actor: ConfiguredActor, _ action: ActorAction, run id: String) async throws -> String {
        switch ActorDirectory.permits(actor, action) {
        case .success(let name): return name
        case .failure(let refusal):
            try? await engine.recordRefusal(id, actor: actor.name, action: action.rawValue, reason: refusal.message)
            throw APIProblem(.forbidden, refusal.message)
        }
    }

    /// The run `id`, or 404.
    func run(_ id: String) async throws -> RunState {
        guard let run = try await engine.store.load(id) else { throw APIProblem(.notFound, "no run \(id)") }
        return run
    }

    /// A path parameter, percent-decoded.
    static func segment(_ context: BasicRequestContext, _ name: String) throws -> String {
        let raw = try context.parameters.require(name)
        return raw.removingPercentEncoding ?? raw
    }

    static func caseDocument(_ outcome: String, _ run: RunState, _ triage: CaseIntake.Triage) -> CaseDocument {
        CaseDocument(outcome: outcome, anomaly: triage.decision?.anomaly, cause: triage.decision?.cause, playbookPath: triage.playbookPath, run: RunDocument(run))
    }

    /// The problem an engine error is.
    static func problem(for error: EngineError) -> APIProblem {
        switch error {
        case .notFound: return APIProblem(.notFound, error.description)
        case .busy(let id): return APIProblem(.busy, "run \(id) is being run by another process; nothing was delivered: send it again")
        case .alreadyEnded, .unexpectedSignal, .signalRefused: return APIProblem(.conflict, error.description)
        case .invalidInputs, .invalidPlaybook, .pinMismatch, .missingHandler: return APIProblem(.conflict, error.description)
        }
    }
}

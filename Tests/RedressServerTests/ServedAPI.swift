import AsyncHTTPClient
import Foundation
import HTTPTypes
import Logging
import NIOCore
import NIOHTTP1
import RedressCases
import RedressEngine
import RedressFlowPlugin
import RedressPlaybook
import RedressPluginAPI
import RedressRuntime
import RedressSQLiteStore
import RedressSandbox
import RedressServer
import RedressWalletPlugin
import Synchronization

/// `redress serve`'s API on a free loopback port for one test: the sandbox wallet and a SQLite
/// store in a fresh folder, the shipped playbooks, and four actors with tokens
/// (app: ingest; ops: operator; sam: operator and reviewer; rev: reviewer).
final class ServedAPI: Sendable {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let playbooks = repository.appendingPathComponent("Playbooks").path

    let url: String
    let engine: Engine
    let wallet: SandboxWallet
    let folder: String
    let tokens: [String: String]
    /// The access log's lines so far.
    let logged = LogLines()
    private let task: Task<Void, any Error>

    /// `requestsPerSecond`: each actor's rate limit (bursts of twice as many).
    init(requestsPerSecond: Double = 200) async throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("redress-api-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        wallet = try SandboxWallet(directory: folder)
        var actors: [String: ConfiguredActor] = [:]
        var tokens: [String: String] = [:]
        for (name, roles) in [("app", [ActorRole.ingest]), ("ops", [.operator]), ("sam", [.operator, .reviewer]), ("rev", [.reviewer])] {
            let (token, digest) = ActorDirectory.newToken()
            tokens[name] = token
            actors[name] = ConfiguredActor(name: name, roles: Set(roles), tokenSHA256: digest)
        }
        self.tokens = tokens
        let triage = WalletPlugin.builtInTriage
        var configuration = EngineConfiguration(owner: "api-test")
        configuration.logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        configuration.owners = WalletOrderOwners(gateway: wallet)
        let handlers = try HandlerSet(FlowPlugin.handlers + WalletPlugin.handlers(gateway: wallet, triage: triage))
        engine = Engine(store: try SQLiteRunStore(directory: folder), handlers: handlers, configuration: configuration)
        var server = APIServer(
            engine: engine, intake: CaseIntake(engine: engine, wallet: wallet, triage: triage, playbookFolder: Self.playbooks),
            directory: ActorDirectory(actors: actors), playbookFolder: Self.playbooks,
            validator: PlaybookValidator(catalog: handlers.catalog, triage: triage))
        server.requestsPerSecond = requestsPerSecond
        let logged = self.logged
        server.accessLog = { line in logged.lines.withLock { $0.append(line) } }
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let application = server.application(host: "127.0.0.1", port: 0, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })) { port in
            continuation.yield(port)
        }
        task = Task { try await application.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw CancellationError() }
        url = "http://127.0.0.1:\(port)"
    }

    deinit {
        task.cancel()
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// An answer: status, headers and body.
    struct Answer {
        let status: Int
        let headers: HTTPHeaders
        let body: Data

        /// The body as a JSON object (empty when it is not one).
        var json: [String: Any] { ((try? JSONSerialization.jsonObject(with: body)) as? [String: Any]) ?? [:] }
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// `method path` as `actor` (its bearer token; `nil`: none; a name not configured: that
    /// string as the token), with `body`.
    func call(_ method: HTTPMethod, _ path: String, as actor: String? = nil, body: String? = nil, requestID: String? = nil) async throws -> Answer {
        var request = HTTPClientRequest(url: url + path)
        request.method = method
        if let requestID { request.headers.add(name: "X-Request-Id", value: requestID) }
        if let actor { request.headers.add(name: "Authorization", value: "Bearer \(tokens[actor] ?? actor)") }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 16 << 20)
        return Answer(status: Int(response.status.code), headers: response.headers, body: Data(bytes.readableBytesView))
    }
}

/// Lines collected from the access log.
final class LogLines: Sendable {
    let lines = Mutex<[String]>([])
}

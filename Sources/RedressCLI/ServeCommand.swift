import ArgumentParser
import Foundation
import Logging
import RedressCases
import RedressDiagnostics
import RedressEngine
import RedressHTTPWallet
import RedressPlaybook
import RedressRuntime
import RedressServer
import RedressWorker
import Metrics
import Prometheus
import ServiceLifecycle

/// `redress serve`: the HTTP API (`openapi/redress-api.yaml`) over the configured store, wallet,
/// playbooks and actors, with a worker driving the runs it opens (`--no-worker` when
/// `redress worker` processes do the driving).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the HTTP API: open cases, follow runs, deliver signals (see openapi/redress-api.yaml).",
        discussion: """
            Prints 'serving http://HOST:PORT' once it listens (--port 0 picks a free port). Every \
            /v1 request needs 'Authorization: Bearer TOKEN' of an actor configured in redress.yaml \
            (make a token with 'redress actors token'), so serving needs actors with tokens. The \
            embedded worker drives the runs cases open, their timers and retries, like \
            'redress worker'. SIGTERM or Ctrl-C: the server stops accepting, requests in flight \
            finish, the worker lets its steps in flight finish (up to --grace), exit 0.
            """)

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0: any free port).")
    var port = 8080

    @Flag(name: .customLong("no-worker"), help: "Do not drive runs here (redress worker processes do).")
    var noWorker = false

    @Option(help: "How many runs the embedded worker drives at once.")
    var concurrency = 8

    @Option(name: .customLong("rate-limit"), help: "Requests a second each actor may make on average (bursts of twice as many); more get 429.")
    var rateLimit = 200.0

    @Option(help: "The playbook folder cases are opened with (default: $REDRESS_PLAYBOOKS, playbooks: in redress.yaml, else ./Playbooks).")
    var playbooks: String?

    @OptionGroup var state: StateOptions
    @OptionGroup var plugins: PluginOptions
    @OptionGroup var stopping: StopOptions

    func run() async throws {
        guard (0...65535).contains(port), concurrency >= 1, rateLimit > 0 else {
            FileOutput.standardError.write("redress: error: --port is 0 to 65535, --concurrency at least 1 and --rate-limit above 0\n")
            throw ExitStatus.usage
        }
        let grace = try stopping.seconds()
        let settings = try plugins.configuration()
        let directory = settings.directory(stateDirectory: state.resolvedDirectory)
        let issued = ((try? directory.issued?.all()) ?? []).contains { $0.isLive(at: Date()) && settings.actors?[$0.actor] != nil }
        guard let actors = settings.actors, actors.values.contains(where: { $0.tokenSHA256 != nil }) || issued else {
            FileOutput.standardError.write(
                "redress: error: serving needs actors with tokens: configure actors in redress.yaml, then 'redress token create --actor NAME' "
                    + "(or a token_sha256 from 'redress actors token')\n")
            throw ExitStatus.usage
        }
        let folder = try StateOptions.playbookFolder(playbooks, configured: settings.playbookFolder)
        let triage = try TriageFile.load(folder: folder)
        let wallet = try state.wallet(settings)
        let registry = try HandlerRegistry.load(plugins)
        let stop = StopRequest()
        let engine = try await state.engine(registry, wallet: wallet, stop: stop, triage: triage)
        let intake = CaseIntake(engine: engine, wallet: wallet, triage: triage, playbookFolder: folder)
        var server = APIServer(
            engine: engine, intake: intake, directory: directory, playbookFolder: folder,
            validator: PlaybookValidator(catalog: try registry.catalog(triage: triage), triage: triage))
        // One registry for the process: the engine's counters and timers go to it through
        // swift-metrics, and GET /metrics writes it out.
        let metrics = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: metrics))
        server.metrics = metrics
        server.requestsPerSecond = rateLimit
        server.accessLog = { line in FileOutput.standardError.write(line + "\n") }
        var logger = Logger(label: "redress.serve")
        logger.logLevel = .warning
        let host = self.host
        let application = server.application(host: host, port: port, logger: logger) { bound in
            let shown = host.contains(":") ? "[\(host)]" : host
            FileOutput.standardOutput.write("serving http://\(shown):\(bound)\n")
        }
        var services: [any Service] = [application]
        if !noWorker {
            services.append(
                DrainService(engine: engine, concurrency: concurrency, poll: .seconds(1)) { event in
                    switch event {
                    case .round(let round):
                        for failure in round.failures {
                            FileOutput.standardError.write(TerminalText.escape("redress serve: run \(failure.runID) could not be driven: \(failure.error)") + "\n")
                        }
                    case .roundFailed(let error):
                        FileOutput.standardError.write(TerminalText.escape("redress serve: worker round failed: \(error)") + "\n")
                    case .stopped:
                        break
                    }
                })
        }
        var configuration = ServiceGroupConfiguration(services: services, logger: logger)
        configuration.gracefulShutdownSignals = [.sigterm, .sigint]
        configuration.maximumGracefulShutdownDuration = .milliseconds(Int64(grace * 1_000))
        do {
            try await ServiceGroup(configuration: configuration).run()
        } catch {
            FileOutput.standardError.write("redress: error: cannot serve on \(host):\(port): \(error)\n")
            throw ExitStatus.usage
        }
    }
}

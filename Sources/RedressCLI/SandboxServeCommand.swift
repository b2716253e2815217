import ArgumentParser
import Foundation
import Logging
import RedressHTTPWallet
import RedressPlaybook
import RedressSandboxServer

/// `redress sandbox serve`: the sandbox wallet over the gateway contract, for trying the HTTP
/// gateway (`REDRESS_WALLET_URL=http://127.0.0.1:8081 redress handle ORD-3001`) and for testing
/// its error classification against a real server with injected faults.
struct SandboxServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the sandbox wallet over HTTP (openapi/wallet-gateway.yaml), optionally with injected faults.",
        discussion: """
            Prints 'serving http://HOST:PORT' once it listens (--port 0 picks a free port) and \
            runs until Ctrl-C or SIGTERM. Without --token-env or --hmac-secret-env it accepts \
            any request, so it only listens on this machine's loopback addresses then. Faults: \
            --latency, --error-rate and --fail-first answer 503 before applying; \
            --drop-after-apply PATH applies the request and drops the connection; --garbage and \
            --oversize answer 200 with a body that is not JSON, or 10 MB; --slow-body spreads \
            answers over a duration.
            """)

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0: any free port).")
    var port = 8081

    @Option(name: .customLong("token-env"), help: "Require 'Authorization: Bearer' with the token in this environment variable.")
    var tokenVariable: String?

    @Option(name: .customLong("hmac-secret-env"), help: "Require HMAC-SHA256 signatures under the secret in this environment variable.")
    var secretVariable: String?

    @Option(help: "Wait this long before every answer (e.g. 200ms).")
    var latency: String?

    @Option(name: .customLong("error-rate"), help: "Answer this share (0-1) of effectful requests 503 before applying them.")
    var errorRate = 0.0

    @Option(name: .customLong("fail-first"), help: "Answer the first N effectful requests 503 before applying them.")
    var failFirst = 0

    @Option(name: .customLong("drop-after-apply"), help: "Apply requests whose path contains this, then drop the connection before answering.")
    var dropAfterApply: String?

    @Option(name: .customLong("drop-count"), help: "How many such requests to drop.")
    var dropCount = 1

    @Option(help: "Answer requests whose path contains this with a body that is not JSON.")
    var garbage: String?

    @Option(help: "Answer requests whose path contains this with a 10 MB body.")
    var oversize: String?

    @Option(name: .customLong("slow-body"), help: "Spread every answer's body over this long (e.g. 2s).")
    var slowBody: String?

    @OptionGroup var state: StateOptions

    func run() async throws {
        var faults = SandboxFaults()
        faults.latency = try duration(latency, "--latency")
        faults.slowBody = try duration(slowBody, "--slow-body")
        guard (0...1).contains(errorRate), failFirst >= 0, dropCount >= 1, (0...65535).contains(port) else {
            FileOutput.standardError.write("redress: error: --error-rate is 0 to 1, --fail-first at least 0, --drop-count at least 1, --port 0 to 65535\n")
            throw ExitStatus.usage
        }
        faults.errorRate = errorRate
        faults.failFirst = failFirst
        faults.dropAfterApply = dropAfterApply
        faults.dropCount = dropCount
        faults.garbage = garbage
        faults.oversize = oversize
        let authentication = try self.authentication()
        if case .none = authentication, !HTTPWalletSettings.isLoopback(host) {
            FileOutput.standardError.write(
                "redress: error: the sandbox accepts any request without --token-env or --hmac-secret-env; it listens on \(host) only with one of them\n")
            throw ExitStatus.usage
        }
        let server = SandboxServer(wallet: try state.sandbox(), authentication: authentication, faults: faults)
        var logger = Logger(label: "redress.sandbox")
        logger.logLevel = .warning
        let host = self.host
        let directory = state.resolvedDirectory
        let faulty = !faults.isEmpty
        let application = server.application(host: host, port: port, logger: logger) { bound in
            let shown = host.contains(":") ? "[\(host)]" : host
            FileOutput.standardOutput.write("serving http://\(shown):\(bound) (sandbox wallet in \(directory))\(faulty ? " with injected faults" : "")\n")
        }
        do {
            try await application.runService()
        } catch {
            FileOutput.standardError.write("redress: error: cannot serve on \(host):\(port): \(error)\n")
            throw ExitStatus.usage
        }
    }

    private func duration(_ text: String?, _ option: String) throws -> Duration {
        guard let text else { return .zero }
        guard let parsed = PlaybookDuration(text) else {
            FileOutput.standardError.write("redress: error: \(option) '\(text)' is not a duration (e.g. 200ms, 2s)\n")
            throw ExitStatus.usage
        }
        return .milliseconds(parsed.milliseconds)
    }

    private func authentication() throws -> ServerAuthentication {
        let environment = ProcessInfo.processInfo.environment
        func secret(_ variable: String) throws -> String {
            guard let value = environment[variable], !value.isEmpty else {
                FileOutput.standardError.write("redress: error: the environment variable \(variable) is not set\n")
                throw ExitStatus.usage
            }
            return value
        }
        if let tokenVariable { return .bearer(token: try secret(tokenVariable)) }
        if let secretVariable { return .hmac(secret: try secret(secretVariable)) }
        return .none
    }
}

import ArgumentParser
import Foundation
import RedressEngine
import RedressSQLiteStore
import RedressSandbox

/// `--state DIR`: where runs live (default `$REDRESS_HOME`, else `./.redress`).
struct StateOptions: ParsableArguments {
    @Option(name: .customLong("state"), help: "State directory (default: $REDRESS_HOME, else ./.redress).")
    var directory: String?

    /// The directory in effect.
    var resolvedDirectory: String {
        directory ?? ProcessInfo.processInfo.environment["REDRESS_HOME"] ?? ".redress"
    }

    /// The sandbox wallet in the state directory (created and seeded on first use).
    func sandbox() throws -> SandboxWallet {
        do {
            return try SandboxWallet(directory: resolvedDirectory)
        } catch {
            FileOutput.standardError.write("redress: error: cannot open the sandbox wallet in \(resolvedDirectory): \(error)\n")
            throw ExitStatus.usage
        }
    }

    /// An engine on the SQLite store in the state directory, with `registry`'s handlers (the
    /// wallet ones on the sandbox wallet); a store that cannot be used is a clear error with exit
    /// status 2.
    func engine(_ registry: HandlerRegistry = .builtInOnly, stop: StopRequest? = nil) throws -> Engine {
        let store: SQLiteRunStore
        do {
            store = try SQLiteRunStore(directory: resolvedDirectory)
        } catch {
            FileOutput.standardError.write("redress: error: \(error)\n")
            throw ExitStatus.usage
        }
        var configuration = EngineConfiguration()
        if let stop { configuration.stop = stop }
        return Engine(store: store, handlers: try registry.handlers(gateway: try sandbox()), configuration: configuration)
    }
}

import ArgumentParser
import Foundation
import RedressEngine
import RedressFlowPlugin
import RedressPluginAPI
import RedressSQLiteStore

/// `--state DIR`: where runs live (default `$REDRESS_HOME`, else `./.redress`).
struct StateOptions: ParsableArguments {
    @Option(name: .customLong("state"), help: "State directory (default: $REDRESS_HOME, else ./.redress).")
    var directory: String?

    /// The directory in effect.
    var resolvedDirectory: String {
        directory ?? ProcessInfo.processInfo.environment["REDRESS_HOME"] ?? ".redress"
    }

    /// The handlers this build can run.
    static func handlers() throws -> HandlerSet {
        try HandlerSet(FlowPlugin.handlers)
    }

    /// An engine on the SQLite store in the state directory; a store that cannot be used is a
    /// clear error with exit status 2.
    func engine() throws -> Engine {
        let store: SQLiteRunStore
        do {
            store = try SQLiteRunStore(directory: resolvedDirectory)
        } catch {
            FileOutput.standardError.write("redress: error: \(error)\n")
            throw ExitStatus.usage
        }
        return Engine(store: store, handlers: try Self.handlers())
    }
}

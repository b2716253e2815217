import ArgumentParser
import Foundation
import Synchronization
import RedressEngine
import RedressHTTPWallet
import RedressPlaybook
import RedressPostgresStore
import RedressRuntime
import RedressSQLiteStore
import RedressSandbox
import RedressWalletAPI
import RedressWalletPlugin

/// `--state DIR`: where runs live. Found the way git finds `.git`: `--state`, else
/// `$REDRESS_HOME`, else the nearest `.redress` folder in this folder or one above it, else
/// `./.redress` (created when a command first writes state).
struct StateOptions: ParsableArguments {
    @Option(name: .customLong("state"), help: "State directory (default: $REDRESS_HOME, else the nearest .redress folder here or above, else ./.redress).")
    var directory: String?

    @Option(
        name: .customLong("store"),
        help: "Where runs live: a postgres://USER@HOST[:PORT]/DATABASE URL (default: $REDRESS_STORE, else SQLite in the state directory).")
    var storeURL: String?

    /// The PostgreSQL URL in effect (`--store`, else `$REDRESS_STORE`), if any.
    var postgresURL: String? {
        storeURL ?? ProcessInfo.processInfo.environment["REDRESS_STORE"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The directory in effect.
    var resolvedDirectory: String { directory ?? Self.defaultDirectory }

    /// The `--state` of this command line, recorded while parsing so that finding
    /// `redress.yaml` (in `PluginOptions`, a separate option group) looks in the same folder.
    private static let named = Mutex<String?>(nil)

    /// Records `--state` for `directoryInEffect`.
    func validate() throws {
        if let directory { Self.named.withLock { $0 = directory } }
    }

    /// The state directory of this command line: `--state`, else `defaultDirectory`.
    static var directoryInEffect: String { named.withLock { $0 } ?? defaultDirectory }

    /// The directory without `--state`: `$REDRESS_HOME`, else the nearest `.redress`, else `./.redress`.
    static var defaultDirectory: String {
        if let home = ProcessInfo.processInfo.environment["REDRESS_HOME"], !home.isEmpty { return home }
        return nearest(from: FileManager.default.currentDirectoryPath) ?? ".redress"
    }

    /// The nearest existing `.redress` folder in `folder` or a folder above it.
    static func nearest(from folder: String) -> String? {
        var current = URL(fileURLWithPath: folder).standardizedFileURL
        while true {
            let candidate = current.appendingPathComponent(".redress")
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isFolder), isFolder.boolValue { return candidate.path }
            let parent = current.deletingLastPathComponent()
            if parent.path == current.path { return nil }
            current = parent
        }
    }

    /// The run store if there is one, without creating anything: for commands that only read
    /// (`runs`, `show`, `audit`), which must leave no state behind. A PostgreSQL store always
    /// exists once reachable.
    func existingStore() async throws -> (any RunStore)? {
        if postgresURL != nil { return try await runStore() }
        guard FileManager.default.fileExists(atPath: (resolvedDirectory as NSString).appendingPathComponent(SQLiteRunStore.fileName)) else {
            return nil
        }
        do {
            return try SQLiteRunStore(directory: resolvedDirectory)
        } catch {
            FileOutput.standardError.write("redress: error: \(error)\n")
            throw ExitStatus.usage
        }
    }

    /// The playbook folder `handle` and `scan` choose from (`--playbooks`, `$REDRESS_PLAYBOOKS`,
    /// `playbooks:` in `redress.yaml`, `Playbooks`), checked before any state is touched: a
    /// command that cannot work leaves none.
    static func playbookFolder(_ option: String?, configured: String? = nil) throws -> String {
        let folder = option ?? ProcessInfo.processInfo.environment["REDRESS_PLAYBOOKS"] ?? configured ?? "Playbooks"
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            FileOutput.standardError.write(
                "redress: error: no playbook folder '\(folder)' (run from the project folder, or name one with --playbooks or $REDRESS_PLAYBOOKS)\n")
            throw ExitStatus.usage
        }
        return folder
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

    /// The wallet `configuration` names (after `$REDRESS_WALLET_URL`): the sandbox in the state
    /// directory, or a back office over HTTP. Only commands that call the wallet ask for one:
    /// `runs`, `show`, `audit`, `validate`, `test`, `plan` and `graph` never do.
    func wallet(_ configuration: RedressConfiguration) throws -> any WalletGateway {
        let setting: WalletSetting
        do {
            setting = try configuration.wallet.overridden(by: ProcessInfo.processInfo.environment, allowInsecure: configuration.allowInsecureHTTP)
        } catch {
            FileOutput.standardError.write("redress: error: \(error)\n")
            throw ExitStatus.usage
        }
        switch setting {
        case .sandbox: return try sandbox()
        case .http(let settings): return HTTPWalletGateway(settings)
        }
    }

    /// The run store in effect: PostgreSQL at `postgresURL`, else SQLite in the state
    /// directory (created on first use); one that cannot be used is a clear error, exit 2.
    func runStore() async throws -> any RunStore {
        do {
            if let url = postgresURL { return try await PostgresRunStore.connect(url) }
            return try SQLiteRunStore(directory: resolvedDirectory)
        } catch {
            FileOutput.standardError.write("redress: error: \(error)\n")
            throw ExitStatus.usage
        }
    }

    /// An engine on the run store in effect, with `registry`'s handlers calling `wallet`
    /// (claims last `lease` seconds when given, else the engine's default, 5 minutes).
    func engine(
        _ registry: HandlerRegistry = .builtInOnly, wallet: any WalletGateway, stop: StopRequest? = nil, triage: TriageRules? = nil, lease: TimeInterval? = nil
    ) async throws -> Engine {
        let store = try await runStore()
        var configuration = EngineConfiguration()
        if let stop { configuration.stop = stop }
        if let lease { configuration.leaseDuration = lease }
        do {
            configuration.sealingKey = try SealingKeyFile.load(in: resolvedDirectory)
        } catch {
            FileOutput.standardError.write("redress: error: \(error)\n")
            throw ExitStatus.usage
        }
        configuration.owners = WalletOrderOwners(gateway: wallet)
        let rules = try triage ?? TriageFile.load(folder: nil)
        return Engine(store: store, handlers: try registry.handlers(gateway: wallet, triage: rules), configuration: configuration)
    }
}

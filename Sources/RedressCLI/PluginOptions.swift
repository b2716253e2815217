import ArgumentParser
import Foundation
import RedressDiagnostics
import RedressPlaybook
import RedressRuntime

/// `--plugins DIR`: where external handlers come from, besides `./Plugins` and
/// `$REDRESS_PLUGIN_PATH` (folders separated by ':').
struct PluginOptions: ParsableArguments {
    @Option(
        name: .customLong("plugins"),
        help: "A folder of plugins (each with a plugin.yaml); repeatable. Also read: ./Plugins and $REDRESS_PLUGIN_PATH.")
    var directories: [String] = []

    @Option(
        name: .customLong("config"),
        help: "The configuration file (default: $REDRESS_CONFIG, else redress.yaml in the state directory, if there is one).")
    var configFile: String?

    /// The folders searched, in order: `./Plugins` (when present), `$REDRESS_PLUGIN_PATH`,
    /// `plugins:` in `redress.yaml`, then `--plugins`; a folder named explicitly that does not
    /// exist is a usage error.
    func folders(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> [String] {
        var folders: [String] = []
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: "Plugins", isDirectory: &isFolder), isFolder.boolValue { folders.append("Plugins") }
        let named = (environment["REDRESS_PLUGIN_PATH"] ?? "").split(separator: ":").map(String.init) + (try configuration(environment: environment).pluginFolders) + directories
        for folder in named {
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
                FileOutput.standardError.write("redress: error: no such plugin folder: '\(folder)'\n")
                throw ExitStatus.usage
            }
            folders.append(folder)
        }
        return folders
    }

    /// The manifests in every folder, checked against the built-in handlers and the
    /// configuration's trusted verifiers.
    func library(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> PluginLibrary {
        PluginLibrary.load(
            folders: try folders(environment: environment), builtIn: HandlerRegistry.builtInDescriptors, environment: environment,
            trustedVerifiers: try configuration(environment: environment).trustedVerifiers)
    }

    /// `redress.yaml`: `--config`, else `$REDRESS_CONFIG`, else the one in the state directory
    /// (`--state` when the command has it, else found as `StateOptions` finds it), else the
    /// defaults. A file named
    /// explicitly must exist; a file with an error is printed and is a usage error.
    func configuration(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> RedressConfiguration {
        let named = configFile ?? environment["REDRESS_CONFIG"].flatMap { $0.isEmpty ? nil : $0 }
        let path: String
        if let named {
            guard FileManager.default.fileExists(atPath: named) else {
                FileOutput.standardError.write("redress: error: no configuration file '\(named)'\n")
                throw ExitStatus.usage
            }
            path = named
        } else {
            let found = (StateOptions.directoryInEffect as NSString).appendingPathComponent("redress.yaml")
            guard FileManager.default.fileExists(atPath: found) else { return RedressConfiguration() }
            path = found
        }
        switch RedressConfiguration.load(path: path, environment: environment) {
        case .success(let configuration): return configuration
        case .failure(let problems):
            FileOutput.standardError.write(DiagnosticRenderer(sources: [problems.source], colored: FileOutput.standardError.wantsColor).render(problems.diagnostics))
            FileOutput.standardError.write("redress: error: \(path) has errors; nothing was run\n")
            throw ExitStatus.usage
        }
    }
}

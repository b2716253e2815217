import ArgumentParser
import Foundation
import RedressDiagnostics
import RedressPlaybook

/// `--plugins DIR`: where external handlers come from, besides `./Plugins` and
/// `$REDRESS_PLUGIN_PATH` (folders separated by ':').
struct PluginOptions: ParsableArguments {
    @Option(
        name: .customLong("plugins"),
        help: "A folder of plugins (each with a plugin.yaml); repeatable. Also read: ./Plugins and $REDRESS_PLUGIN_PATH.")
    var directories: [String] = []

    /// The folders searched, in order: `./Plugins` (when present), `$REDRESS_PLUGIN_PATH`, then
    /// `--plugins`; a folder named explicitly that does not exist is a usage error.
    func folders(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> [String] {
        var folders: [String] = []
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: "Plugins", isDirectory: &isFolder), isFolder.boolValue { folders.append("Plugins") }
        let named = (environment["REDRESS_PLUGIN_PATH"] ?? "").split(separator: ":").map(String.init) + directories
        for folder in named {
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
                FileOutput.standardError.write("redress: error: no such plugin folder: '\(folder)'\n")
                throw ExitStatus.usage
            }
            folders.append(folder)
        }
        return folders
    }

    /// The manifests in every folder, checked against the built-in handlers.
    func library(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> PluginLibrary {
        PluginLibrary.load(folders: try folders(environment: environment), builtIn: HandlerRegistry.builtInDescriptors, environment: environment)
    }
}

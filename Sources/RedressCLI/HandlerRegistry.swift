import Foundation
import RedressDiagnostics
import RedressExternalPlugin
import RedressFlowPlugin
import RedressPlaybook
import RedressPluginAPI
import RedressWalletAPI
import RedressWalletPlugin

/// The handlers this process runs: the built-in plugin modules' lists plus the external
/// handlers of the plugin folders, joined and checked once. Validation, listing and execution
/// all read this one list. (The wallet plugin also publishes its descriptors as a list of their
/// own, for validating without a gateway; `SandboxWalletTests` checks that both name the same
/// handlers with the same descriptors.)
struct HandlerRegistry {
    /// The plugin folders' manifests (with their problems).
    let plugins: PluginLibrary

    /// The built-in handlers' specs.
    static var builtInDescriptors: [HandlerDescriptor] { FlowPlugin.descriptors + WalletPlugin.descriptors }

    /// Loads the plugin folders named by `options`. Manifest problems are printed to stderr
    /// unless `quiet` (the broken handlers are left out, so a playbook using one is invalid).
    static func load(_ options: PluginOptions, quiet: Bool = false) throws -> HandlerRegistry {
        let plugins = try options.library()
        if !quiet, !plugins.diagnostics.isEmpty {
            let renderer = DiagnosticRenderer(sources: plugins.sources, colored: FileOutput.standardError.wantsColor)
            FileOutput.standardError.write(renderer.render(plugins.diagnostics))
            FileOutput.standardError.write("redress: warning: plugin handlers with errors are left out\n")
        }
        return HandlerRegistry(plugins: plugins)
    }

    /// Only the built-in handlers.
    static let builtInOnly = HandlerRegistry(plugins: PluginLibrary())

    /// Every handler, with the wallet handlers on `gateway` classifying orders with `triage`.
    func handlers(gateway: any WalletGateway, triage: TriageRules) throws -> HandlerSet {
        let external = try ExternalPlugins.handlers(plugins, environment: ProcessInfo.processInfo.environment)
        return try HandlerSet(FlowPlugin.handlers + WalletPlugin.handlers(gateway: gateway, triage: triage) + external)
    }

    /// The specs of every handler (`check_status` with `triage`'s anomaly types and causes), for
    /// commands that only validate or list.
    func catalog(triage: TriageRules) throws -> HandlerCatalog {
        try HandlerCatalog(FlowPlugin.descriptors + WalletPlugin.descriptors(triage: triage) + plugins.handlers.map(\.descriptor))
    }
}

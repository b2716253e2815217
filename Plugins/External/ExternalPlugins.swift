import RedressPlaybook
import RedressPluginAPI

/// The handlers of the plugin folders' manifests, ready to join a `HandlerSet`.
package enum ExternalPlugins {
    /// One `ExternalHandler` per usable handler in `library`.
    package static func handlers(_ library: PluginLibrary, environment: [String: String]) throws -> [any StepHandler] {
        try library.handlers.map { try ExternalHandler(spec: $0, parentEnvironment: environment) }
    }
}

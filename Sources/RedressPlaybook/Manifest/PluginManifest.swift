import RedressDiagnostics

/// A plugin folder's `plugin.yaml`: handlers written in any language, run as one process per
/// step attempt, declared in the same spec language as Swift handlers.
///
/// Contract: a manifest is only returned by `PluginManifestDecoder`, so every handler in it has
/// a sound descriptor (the same `DescriptorLint` rules as built-in handlers) and an argv command.
package struct PluginManifest: Sendable, Hashable {
    /// The plugin's name (`risk-score`).
    package var name: Located<String>
    /// What the plugin is for.
    package var summary: String
    /// The manifest file's path.
    package var path: String
    /// The folder the manifest is in: the working directory of every process it starts.
    package var folder: String
    /// Its handlers, in written order.
    package var handlers: [ExternalHandlerSpec]

    /// Creates a manifest.
    package init(name: Located<String>, summary: String, path: String, folder: String, handlers: [ExternalHandlerSpec]) {
        self.name = name
        self.summary = summary
        self.path = path
        self.folder = folder
        self.handlers = handlers
    }

    /// The manifest's file name inside a plugin folder.
    package static let fileName = "plugin.yaml"
}

import Foundation
import RedressDiagnostics
import RedressYAML

/// The external handlers found in plugin folders: every `plugin.yaml` read, decoded and checked
/// against each other and against the built-in handlers.
///
/// Contract: a handler whose name is already taken (by a built-in handler or an earlier
/// manifest) is reported as `duplicate-handler` and left out; so is any handler with an error.
/// Diagnostics come with the sources they point into, for rendering with snippets.
package struct PluginLibrary: Sendable {
    /// The manifests that decoded, in discovery order.
    package var manifests: [PluginManifest] = []
    /// Every manifest file read (for snippets).
    package var sources: [SourceFile] = []
    /// Every problem found, in discovery order.
    package var diagnostics: [Diagnostic] = []

    /// The usable handlers of every manifest.
    package var handlers: [ExternalHandlerSpec] { manifests.flatMap(\.handlers) }

    /// Whether any manifest has an error.
    package var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// An empty library.
    package init() {}

    /// Reads every manifest in `folders` (see `manifestPaths(in:)`), checking handler names
    /// against `builtIn`; bare program names are looked up on `environment`'s `PATH`. Only the
    /// handlers named in `trustedVerifiers` may declare that they verify identity.
    package static func load(
        folders: [String], builtIn: [HandlerDescriptor], environment: [String: String], trustedVerifiers: Set<String> = [],
        parser: YAMLParser = YAMLParser()
    ) -> PluginLibrary {
        var seenPaths: Set<String> = []
        var sources: [SourceFile] = []
        var parseResults: [YAMLParseResult] = []
        for folder in folders {
            for path in manifestPaths(in: folder) where seenPaths.insert((path as NSString).standardizingPath).inserted {
                let (source, parsed) = parser.parseFile(atPath: path, requireMapping: true)
                sources.append(source)
                parseResults.append(parsed)
            }
        }
        return PluginLibrary(sources: sources, parsed: parseResults, builtIn: builtIn, environment: environment, trustedVerifiers: trustedVerifiers)
    }

    /// Decodes manifests already in memory (`parsed[i]` is `sources[i]` parsed), in order.
    package init(
        sources: [SourceFile], parsed: [YAMLParseResult], builtIn: [HandlerDescriptor], environment: [String: String], trustedVerifiers: Set<String> = []
    ) {
        let searchPath = CommandResolver.searchPath(environment)
        let builtInNames = Set(builtIn.map(\.name))
        var firstSeen: [String: SourceMark] = [:]
        self.sources = sources
        for (source, parsed) in zip(sources, parsed) {
            diagnostics += parsed.errors.map(\.diagnostic)
            guard let document = parsed.document else { continue }
            var decoder = PluginManifestDecoder(source: source, searchPath: searchPath, trustedVerifiers: trustedVerifiers)
            let decoded = decoder.decode(document)
            diagnostics += decoder.diagnostics
            guard var manifest = decoded else { continue }
            var kept: [ExternalHandlerSpec] = []
            for handler in manifest.handlers {
                let name = handler.descriptor.name
                if builtInNames.contains(name) {
                    diagnostics.append(
                        Diagnostic(
                            .error, code: PlaybookDiagnosticCode.duplicateHandler.rawValue,
                            message: "'\(name)' is a built-in handler; give the plugin's handler its own namespace", at: handler.nameMark,
                            length: name.count))
                } else if let first = firstSeen[name] {
                    diagnostics.append(
                        Diagnostic(
                            .error, code: PlaybookDiagnosticCode.duplicateHandler.rawValue, message: "handler '\(name)' is declared by two plugins",
                            at: handler.nameMark, length: name.count, notes: [.init("first declared here", at: first)]))
                } else {
                    firstSeen[name] = handler.nameMark
                    kept.append(handler)
                }
            }
            manifest.handlers = kept
            manifests.append(manifest)
        }
    }

    /// The manifests of one plugin folder: `DIR/plugin.yaml` and `DIR/*/plugin.yaml`, sorted,
    /// so a folder can be one plugin or a collection of them. Hidden folders are skipped.
    package static func manifestPaths(in folder: String) -> [String] {
        let manager = FileManager.default
        var paths: [String] = []
        let own = (folder as NSString).appendingPathComponent(PluginManifest.fileName)
        if manager.fileExists(atPath: own) { paths.append(own) }
        let children = ((try? manager.contentsOfDirectory(atPath: folder)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
        for child in children {
            let path = ((folder as NSString).appendingPathComponent(child) as NSString).appendingPathComponent(PluginManifest.fileName)
            if manager.fileExists(atPath: path) { paths.append(path) }
        }
        return paths
    }
}

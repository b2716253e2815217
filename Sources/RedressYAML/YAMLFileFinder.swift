import Foundation

/// Finds the YAML files a user means by a list of paths: files as given, folders searched
/// recursively for `*.yaml` and `*.yml`, in a stable sorted order.
public enum YAMLFileFinder {
    /// A path that is neither a readable file nor a folder.
    public struct MissingPath: Error, Sendable, Equatable {
        /// The path as given.
        public let path: String
    }

    /// The files under `paths`; throws for the first path that does not exist.
    public static func files(in paths: [String]) throws(MissingPath) -> [String] {
        var found: [String] = []
        for path in paths {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { throw MissingPath(path: path) }
            guard isFolder.boolValue else {
                found.append(path)
                continue
            }
            let base = path.hasSuffix("/") ? String(path.dropLast()) : path
            let entries = (FileManager.default.enumerator(atPath: path)?.allObjects as? [String]) ?? []
            found += entries.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted().map { base + "/" + $0 }
        }
        return found
    }
}

import Foundation

/// Finds the program a manifest's `command` names, the same way for the validator and for the
/// process runner.
package enum CommandResolver {
    /// The executable file `program` names: relative to `folder` when it has a `/`, else the
    /// first match in `searchPath`; `nil` when there is none.
    package static func resolve(_ program: String, folder: String, searchPath: [String]) -> String? {
        if program.contains("/") {
            let path = program.hasPrefix("/") ? program : (folder as NSString).appendingPathComponent(program)
            return isExecutable(path) ? path : nil
        }
        for directory in searchPath where !directory.isEmpty {
            let path = (directory as NSString).appendingPathComponent(program)
            if isExecutable(path) { return path }
        }
        return nil
    }

    /// `PATH` split into folders, with a conventional default when it is unset.
    package static func searchPath(_ environment: [String: String]) -> [String] {
        (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":").map(String.init)
    }

    private static func isExecutable(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
            && FileManager.default.isExecutableFile(atPath: path)
    }
}

import RedressYAML

/// The files named by a command's path arguments, as `validate` and `test` find them.
enum InputFiles {
    /// The YAML files under `paths` (folders searched recursively) that `include` keeps; a path
    /// that does not exist, or finding nothing, is a usage error (exit 2) naming `what` was sought.
    static func find(_ paths: [String], what: String, include: (String) -> Bool) throws -> [String] {
        let files: [String]
        do {
            files = try YAMLFileFinder.files(in: paths).filter(include)
        } catch {
            FileOutput.standardError.write("redress: error: no such file or folder: '\(error.path)'\n")
            throw ExitStatus.usage
        }
        guard !files.isEmpty else {
            FileOutput.standardError.write("redress: error: no \(what) found in \(paths.map { "'\($0)'" }.joined(separator: ", "))\n")
            throw ExitStatus.usage
        }
        return files
    }
}

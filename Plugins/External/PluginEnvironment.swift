/// The environment a plugin process sees: enough to run an interpreter, nothing of Redress's.
enum PluginEnvironment {
    /// Variables every plugin gets from Redress's environment when set (none is a secret).
    static let baseline = ["PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR", "PYENV_ROOT", "PYENV_VERSION"]

    /// `parent` reduced to the baseline and the manifest's `environment:` names (never a
    /// `REDRESS_*` variable), plus `REDRESS_PLUGIN_DIR` and `REDRESS_PROTOCOL`.
    static func scrubbed(_ parent: [String: String], passing names: [String], folder: String) -> [String: String] {
        var environment: [String: String] = [:]
        for name in baseline + names where !name.hasPrefix("REDRESS_") {
            if let value = parent[name] { environment[name] = value }
        }
        if environment["PATH"] == nil { environment["PATH"] = "/usr/local/bin:/usr/bin:/bin" }
        environment["REDRESS_PLUGIN_DIR"] = folder
        environment["REDRESS_PROTOCOL"] = "1"
        return environment
    }
}

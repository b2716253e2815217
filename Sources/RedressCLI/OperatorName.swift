import Foundation

/// Who is at the keyboard, for the audit trail: `$REDRESS_ACTOR`, else `$USER`, else `operator`.
/// (Configured identities with roles replace this name with an authenticated one.)
enum OperatorName {
    static var current: String {
        let environment = ProcessInfo.processInfo.environment
        return environment["REDRESS_ACTOR"] ?? environment["USER"] ?? "operator"
    }
}

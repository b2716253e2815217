import Foundation

/// Who is at the keyboard, for the audit trail: `$REDRESS_ACTOR`, else `$USER`, else `operator`.
/// With `actors:` in redress.yaml the name must be a configured actor (`ActorOptions` checks it).
enum OperatorName {
    static var current: String {
        let environment = ProcessInfo.processInfo.environment
        return environment["REDRESS_ACTOR"] ?? environment["USER"] ?? "operator"
    }
}

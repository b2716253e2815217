/// The JSON object written to a plugin's stdin: everything it needs for one step attempt.
struct PluginRequest: Sendable, Encodable {
    /// The protocol's version; a plugin should refuse a version it does not know.
    var protocolVersion = 1
    var handler: String
    var runID: String
    var playbookID: String
    var stepID: String
    var attempt: Int
    var idempotencyKey: String
    var parameters: [String: PluginJSON]
    var dryRun: Bool
    var isRecovery: Bool

    enum CodingKeys: String, CodingKey {
        case protocolVersion = "protocol", handler, runID = "run_id", playbookID = "playbook_id", stepID = "step_id", attempt
        case idempotencyKey = "idempotency_key", parameters, dryRun = "dry_run", isRecovery = "recovery"
    }
}

import RedressEngine

/// Runs that have not ended, by the order they are about: one order gets one run at a time.
enum ActiveRuns {
    static func byOrder(_ engine: Engine) throws -> [String: RunSummary] {
        var active: [String: RunSummary] = [:]
        for status in [RunStatus.pending, .running, .waiting] {
            for summary in try engine.store.list(status: status, limit: Int.max) {
                if let order = summary.orderID { active[order] = summary }
            }
        }
        return active
    }
}

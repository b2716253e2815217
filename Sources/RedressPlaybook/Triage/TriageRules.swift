import RedressDiagnostics

/// The triage file (`Playbooks/triage.yaml`): the anomaly types ops recognise, with their causes,
/// and the ordered rules that classify an order snapshot into one of them. Data, not code: adding
/// an anomaly type needs a rule and a playbook, never a rebuild.
package struct TriageRules: Sendable, Hashable {
    /// One anomaly type and the causes a rule may give it.
    package struct Anomaly: Sendable, Hashable {
        /// Its name (`transaction_failed`).
        package var type: Located<String>
        /// Its causes (`insufficient_balance`, ...), as written.
        package var causes: [Located<String>]
        /// What it is, for people.
        package var summary: String
    }

    /// How a rule names the cause: a declared name, or an expression over the facts whose value
    /// must be one of the anomaly's causes.
    package enum CauseSpec: Sendable, Hashable {
        /// A fixed cause.
        case named(Located<String>)
        /// A cause read from the facts (`${{ order.failure_cause }}`).
        case computed(Condition)
    }

    /// One rule: when `when` holds of an order's facts, the order has `anomaly` with `cause`.
    package struct Rule: Sendable, Hashable {
        /// Its name, for `redress triage` and diagnostics.
        package var name: Located<String>
        /// The condition over the facts.
        package var when: Condition
        /// The anomaly type it gives.
        package var anomaly: Located<String>
        /// The cause it gives.
        package var cause: CauseSpec
        /// Where the rule starts.
        package var mark: SourceMark
    }

    /// The declared anomaly types, in written order.
    package var anomalies: [Anomaly]
    /// The rules, tried in order; the first whose `when` holds decides. No match: `normal`.
    package var rules: [Rule]
    /// The file.
    package var path: String

    /// A triage file's contents.
    package init(anomalies: [Anomaly], rules: [Rule], path: String) {
        self.anomalies = anomalies
        self.rules = rules
        self.path = path
    }

    /// The classification of an order no rule matches.
    package static let normal = "normal"

    /// The declared type names.
    package var types: [String] { anomalies.map(\.type.value) }

    /// The declared causes of `type`.
    package func causes(of type: String) -> [String] { anomalies.first { $0.type.value == type }?.causes.map(\.value) ?? [] }

    /// Every declared cause, once each, in written order.
    package var allCauses: [String] {
        var seen: Set<String> = []
        return anomalies.flatMap(\.causes).map(\.value).filter { seen.insert($0).inserted }
    }
}

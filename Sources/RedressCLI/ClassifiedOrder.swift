import RedressPlaybook
import RedressWalletAPI
import RedressWalletPlugin

/// An order snapshot with triage's classification, as `sandbox orders` and `sandbox show` print
/// it in JSON: the snapshot's fields plus `classification`, `cause` and `triage_rule`.
struct ClassifiedOrder: Encodable {
    let snapshot: OrderSnapshot
    let decision: TriageEvaluator.Decision

    enum Keys: String, CodingKey {
        case classification, cause, triageRule
    }

    func encode(to encoder: any Encoder) throws {
        try snapshot.encode(to: encoder)
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(decision.anomaly, forKey: .classification)
        try container.encode(decision.cause, forKey: .cause)
        try container.encodeIfPresent(decision.rule, forKey: .triageRule)
    }
}

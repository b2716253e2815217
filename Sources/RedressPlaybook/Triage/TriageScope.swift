/// What a triage rule's expressions can read: the order's facts (`order.*`, `account.*`,
/// `channel.*`, `charges`).
struct TriageScope: ExpressionScope {
    func resolve(_ segments: [PathSegment]) -> PathResolution {
        guard case .field(let root, let range) = segments[0] else { return .type(.any) }
        guard TriageFacts.type.field(root) != nil else {
            let roots = ["order", "account", "channel", "charges"]
            let suggestion = Suggestions.closest(to: root, among: roots)
            return FieldPath.problem(
                .unknownVariable, "unknown name '\(root)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? ""), range,
                hint: "triage rules read the order's facts: " + roots.map { "\($0).*" }.joined(separator: ", "))
        }
        return FieldPath.resolve(segments, from: 0, in: TriageFacts.type, what: "the facts")
    }
}

/// Resolves the fields of a path inside a value of a known type (`steps.check.output.account.frozen`
/// past `output`): each field must exist, with a did-you-mean when it does not.
enum FieldPath {
    /// The type at `segments[start...]` inside `type`; `what` names the value in messages.
    static func resolve(_ segments: [PathSegment], from start: Int, in type: ValueType, what: String) -> PathResolution {
        var current = type
        var description = what
        for segment in segments.dropFirst(start) {
            switch (segment, current) {
            case (_, .any):
                return .type(.any)
            case (.field(let name, let range), .object(let fields)):
                if fields.isEmpty { return .type(.any) }
                guard let field = fields.first(where: { $0.name == name }) else {
                    let suggestion = Suggestions.closest(to: name, among: fields.map(\.name))
                    return Self.problem(
                        .unknownOutput, "\(description) has no field '\(name)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? ""), range,
                        hint: "fields: " + fields.map(\.name).joined(separator: ", "))
                }
                current = field.type
                description = name
            case (.index(_, _), .list(let element)):
                current = element
            case (let segment, _):
                return Self.problem(.unknownOutput, "\(description) is \(ParameterSpec.article(current)); it has no '\(segment)'", segment.range)
            }
        }
        return .type(current)
    }

    static func problem(_ code: PlaybookDiagnosticCode, _ message: String, _ range: Range<Int>, hint: String? = nil) -> PathResolution {
        .problem(ExpressionProblem(code, message, at: range, hint: hint), guardable: false)
    }
}

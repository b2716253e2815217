import Foundation

/// The built-in functions: small, pure, and bounded by their inputs' sizes.
enum ExpressionFunctionLibrary {
    static let functions: [ExpressionFunction] = [
        ExpressionFunction(
            name: "contains", summary: "whether a string contains a substring, or a list an element", arity: 2,
            signature: { types in
                switch types[0] {
                case .string, .enumeration, .any: return expect(types[1], .string, argument: 1, result: .boolean)
                case .list: return .success(.boolean)
                default: return .failure(.init(argument: 0, message: "contains() takes a string or a list, not \(types[0])"))
                }
            },
            body: { arguments throws(ExpressionEvaluationError) in
                switch (arguments[0], arguments[1]) {
                case (.string(let text), .string(let part)): return .bool(text.contains(part))
                case (.list(let items), let item): return .bool(items.contains(item))
                case (.null, _): return .bool(false)
                default: throw ExpressionEvaluationError("contains() takes a string or a list")
                }
            }),
        stringPredicate("starts_with", "whether a string starts with a prefix") { $0.hasPrefix($1) },
        stringPredicate("ends_with", "whether a string ends with a suffix") { $0.hasSuffix($1) },
        ExpressionFunction(
            name: "len", summary: "the length of a string (in characters) or a list", arity: 1,
            signature: { types in
                switch types[0] {
                case .string, .enumeration, .list, .any: return .success(.integer)
                default: return .failure(.init(argument: 0, message: "len() takes a string or a list, not \(types[0])"))
                }
            },
            body: { arguments throws(ExpressionEvaluationError) in
                switch arguments[0] {
                case .string(let text): return .integer(text.count)
                case .list(let items): return .integer(items.count)
                case .null: return .integer(0)
                default: throw ExpressionEvaluationError("len() takes a string or a list")
                }
            }),
        stringTransform("lower", "the string in lower case") { $0.lowercased() },
        stringTransform("upper", "the string in upper case") { $0.uppercased() },
        stringTransform("trim", "the string without leading and trailing white space") { $0.trimmingCharacters(in: .whitespacesAndNewlines) },
        ExpressionFunction(
            name: "default", summary: "the first argument, or the second when the first is null (or its step did not run)", arity: 2,
            signature: { types in
                if types[0] == .any || types[0] == .null { return .success(types[1]) }
                if types[1] == .null || types[0].accepts(types[1]) { return .success(types[0]) }
                if types[1].accepts(types[0]) { return .success(types[1]) }
                return .failure(.init(argument: 1, message: "default() needs a fallback of the same type as its value (\(types[0])), not \(types[1])"))
            },
            body: { arguments throws(ExpressionEvaluationError) in arguments[0] == .null ? arguments[1] : arguments[0] }),
        ExpressionFunction(
            name: "join", summary: "the items of a list as text, separated by a string", arity: 2,
            signature: { types in
                guard case .list = types[0] else {
                    if types[0] == .any { return .success(.string) }
                    return .failure(.init(argument: 0, message: "join() takes a list, not \(types[0])"))
                }
                return expect(types[1], .string, argument: 1, result: .string)
            },
            body: { arguments throws(ExpressionEvaluationError) in
                guard case .list(let items) = arguments[0], case .string(let separator) = arguments[1] else {
                    if arguments[0] == .null { return .string("") }
                    throw ExpressionEvaluationError("join() takes a list and a string")
                }
                return .string(items.map(\.displayText).joined(separator: separator))
            }),
    ]

    private static func expect(_ given: ValueType, _ wanted: ValueType, argument: Int, result: ValueType)
        -> Result<ValueType, ExpressionFunction.Mismatch>
    {
        wanted.accepts(given) ? .success(result) : .failure(.init(argument: argument, message: "expected \(wanted), found \(given)"))
    }

    private static func stringPredicate(_ name: String, _ summary: String, _ test: @escaping @Sendable (String, String) -> Bool)
        -> ExpressionFunction
    {
        ExpressionFunction(
            name: name, summary: summary, arity: 2,
            signature: { types in
                guard ValueType.string.accepts(types[0]) else {
                    return .failure(.init(argument: 0, message: "\(name)() takes a string, not \(types[0])"))
                }
                return expect(types[1], .string, argument: 1, result: .boolean)
            },
            body: { arguments throws(ExpressionEvaluationError) in
                switch (arguments[0], arguments[1]) {
                case (.string(let text), .string(let part)): return .bool(test(text, part))
                case (.null, _): return .bool(false)
                default: throw ExpressionEvaluationError("\(name)() takes two strings")
                }
            })
    }

    private static func stringTransform(_ name: String, _ summary: String, _ transform: @escaping @Sendable (String) -> String)
        -> ExpressionFunction
    {
        ExpressionFunction(
            name: name, summary: summary, arity: 1,
            signature: { types in
                ValueType.string.accepts(types[0]) ? .success(.string) : .failure(.init(argument: 0, message: "\(name)() takes a string, not \(types[0])"))
            },
            body: { arguments throws(ExpressionEvaluationError) in
                switch arguments[0] {
                case .string(let text): return .string(transform(text))
                case .null: return .null
                default: throw ExpressionEvaluationError("\(name)() takes a string")
                }
            })
    }
}

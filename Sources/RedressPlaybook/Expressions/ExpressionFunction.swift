/// A pure function callable from expressions, with its signature for the type checker.
public struct ExpressionFunction: Sendable {
    /// The name as written.
    public let name: String
    /// What it does, for documentation.
    public let summary: String
    /// Number of arguments.
    public let arity: Int
    /// The result type for the argument types, or a message saying why they do not fit.
    let signature: @Sendable ([ValueType]) -> Result<ValueType, ExpressionFunction.Mismatch>
    /// The implementation; arguments already have fitting types, or are `any` at run time.
    let body: @Sendable ([Value]) throws(ExpressionEvaluationError) -> Value

    /// Why arguments do not fit a function.
    public struct Mismatch: Error, Sendable {
        /// Which argument (0-based).
        public let argument: Int
        /// What is wrong.
        public let message: String
    }

    /// Every function of the language, by name.
    public static let all: [String: ExpressionFunction] = {
        var table: [String: ExpressionFunction] = [:]
        for function in ExpressionFunctionLibrary.functions { table[function.name] = function }
        return table
    }()
}

/// A pure function callable from expressions, with its signature for the type checker.
package struct ExpressionFunction: Sendable {
    /// The name as written.
    package let name: String
    /// What it does, for documentation.
    package let summary: String
    /// Number of arguments.
    package let arity: Int
    /// The result type for the argument types, or a message saying why they do not fit.
    let signature: @Sendable ([ValueType]) -> Result<ValueType, ExpressionFunction.Mismatch>
    /// The implementation; arguments already have fitting types, or are `any` at run time.
    let body: @Sendable ([Value]) throws(ExpressionEvaluationError) -> Value

    /// Why arguments do not fit a function.
    package struct Mismatch: Error, Sendable {
        /// Which argument (0-based).
        package let argument: Int
        /// What is wrong.
        package let message: String
    }

    /// Every function of the language, by name.
    package static let all: [String: ExpressionFunction] = {
        var table: [String: ExpressionFunction] = [:]
        for function in ExpressionFunctionLibrary.functions { table[function.name] = function }
        return table
    }()
}

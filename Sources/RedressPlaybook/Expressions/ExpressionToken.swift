/// A lexical token of the expression language, with its character range.
struct ExpressionToken: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case identifier(String)
        case string(String)
        case integer(Int)
        case decimal(String)
        case duration(PlaybookDuration)
        case symbol(String)
        case end
    }

    var kind: Kind
    var range: Range<Int>
}

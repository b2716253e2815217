extension Value {
    /// The value at `path` inside `value` (fields of objects, indexes of lists), or `.null` where
    /// the path leaves the data.
    package static func descend(_ value: Value, _ path: some Sequence<PathSegment>) -> Value {
        var current = value
        for segment in path {
            switch (segment, current) {
            case (.field(let name, _), .object(let fields)): current = fields[name] ?? .null
            case (.index(let index, _), .list(let items)): current = items.indices.contains(index) ? items[index] : .null
            default: return .null
            }
        }
        return current
    }
}

/// One node of a document's flat node table.
///
/// Nodes live in one array and refer to each other by index, so a document of any depth is built
/// without recursion and freed without recursion (there is no chain of owning references).
struct NodeRecord: Sendable {
    var kind: YAMLNode.Kind
    /// `ScalarStyle` or `CollectionStyle` raw value.
    var style: UInt8
    /// Index into `names` of the resolved tag, or -1.
    var tag: Int32
    /// Index into `names` of the anchor, or -1.
    var anchor: Int32
    /// Aliases: the target node.
    var payload: Int32
    /// Collections: first entry in `children` (mappings store key, value, key, value, ...).
    /// Scalars: first byte of the value in `text`.
    var childStart: Int32
    /// Collections: number of entries in `children`; -1 while the collection is still open.
    /// Scalars: the value's length in bytes.
    var childCount: Int32
    var start: MarkTranslator.Packed
    var end: MarkTranslator.Packed
}

import RedressDiagnostics

/// A read-only view of one node in a parsed document, with its source marks.
///
/// Contract: a view is a document reference plus an index, so it is cheap to copy and `Sendable`.
/// Aliases are real nodes of kind `.alias` (so tools can show them as written); `resolved` follows
/// one to its anchored node, and the collection accessors (`elements`, `entries`, `subscript`) do
/// so by themselves. Walking a node never recurses.
public struct YAMLNode: Sendable {
    /// What kind of node this is.
    public enum Kind: UInt8, Sendable, Hashable {
        /// A scalar.
        case scalar
        /// A sequence.
        case sequence
        /// A mapping.
        case mapping
        /// `*name`, pointing at an anchored node.
        case alias
    }

    let storage: YAMLDocumentStorage
    let index: Int32

    init(storage: YAMLDocumentStorage, index: Int32) {
        self.storage = storage
        self.index = index
    }

    private var record: NodeRecord { storage.nodes[Int(index)] }

    /// The kind as written (`.alias` for `*name`).
    public var kind: Kind { record.kind }

    /// Where the node starts.
    public var mark: SourceMark { SourceMark(file: storage.source.path, packed: record.start) }

    /// Where the node ends (one past its last character).
    public var endMark: SourceMark { SourceMark(file: storage.source.path, packed: record.end) }

    /// How many characters to underline for this node: its extent on its first line.
    public var underlineLength: Int {
        let record = self.record
        return record.end.line == record.start.line ? max(1, Int(record.end.column - record.start.column)) : 1
    }

    /// The resolved tag (`tag:yaml.org,2002:str`, `!custom`), or `nil` when none was written.
    public var tag: String? { record.tag < 0 ? nil : storage.names[Int(record.tag)] }

    /// The anchor name (`&name`) on this node, if any.
    public var anchor: String? { record.anchor < 0 ? nil : storage.names[Int(record.anchor)] }

    /// For an alias, the anchor name it refers to.
    public var aliasName: String? {
        kind == .alias ? YAMLNode(storage: storage, index: record.payload).anchor : nil
    }

    /// The node itself, or for an alias the node its anchor names.
    public var resolved: YAMLNode {
        let record = self.record
        return record.kind == .alias ? YAMLNode(storage: storage, index: record.payload) : self
    }

    /// The scalar, if this node (after following an alias) is one.
    public var scalar: YAMLScalar? {
        let node = resolved
        let record = node.record
        guard record.kind == .scalar else { return nil }
        return YAMLScalar(
            text: storage.scalarText(record),
            style: ScalarStyle(rawValue: record.style) ?? .plain,
            tag: node.tag)
    }

    /// Whether this node (after following an alias) is a null scalar.
    public var isNull: Bool { scalar?.isNull ?? false }

    /// `.block` or `.flow` for collections, `nil` for scalars and aliases.
    public var collectionStyle: CollectionStyle? {
        let record = self.record
        guard record.kind == .sequence || record.kind == .mapping else { return nil }
        return CollectionStyle(rawValue: record.style)
    }

    /// The items of a sequence (after following an alias); empty for other kinds.
    public var elements: [YAMLNode] {
        let node = resolved
        guard node.record.kind == .sequence else { return [] }
        return node.childIndices.map { YAMLNode(storage: storage, index: $0) }
    }

    /// One key/value pair of a mapping.
    public struct Entry: Sendable {
        /// The key as written.
        public let key: YAMLNode
        /// The value as written.
        public let value: YAMLNode
    }

    /// The pairs of a mapping in source order (after following an alias); empty for other kinds.
    public var entries: [Entry] {
        let node = resolved
        guard node.record.kind == .mapping else { return [] }
        let indices = node.childIndices
        return stride(from: indices.startIndex, to: indices.endIndex - 1, by: 2).map {
            Entry(key: YAMLNode(storage: storage, index: indices[$0]), value: YAMLNode(storage: storage, index: indices[$0 + 1]))
        }
    }

    /// The value under a string key of a mapping, or `nil`.
    public subscript(key: String) -> YAMLNode? {
        let node = resolved
        guard node.record.kind == .mapping else { return nil }
        let indices = node.childIndices
        for position in stride(from: indices.startIndex, to: indices.endIndex - 1, by: 2) {
            let keyNode = YAMLNode(storage: storage, index: indices[position])
            if keyNode.scalar?.text == key { return YAMLNode(storage: storage, index: indices[position + 1]) }
        }
        return nil
    }

    /// Entries of a sequence or mapping (after following an alias): items, or keys plus values.
    public var childCount: Int {
        let record = resolved.record
        guard record.kind == .sequence || record.kind == .mapping else { return 0 }
        return max(0, Int(record.childCount))
    }

    private var childIndices: ArraySlice<Int32> {
        let record = self.record
        guard record.kind == .sequence || record.kind == .mapping, record.childCount > 0 else { return [] }
        return storage.children[Int(record.childStart)..<Int(record.childStart + record.childCount)]
    }
}

import RedressDiagnostics

/// One YAML document: its root node, where it came from, and how it was delimited.
///
/// Immutable and `Sendable`; cheap to copy (it shares one storage object).
public struct YAMLDocument: Sendable {
    let storage: YAMLDocumentStorage
    let rootIndex: Int32
    /// Whether the document started with an explicit `---`.
    public let hasExplicitStart: Bool
    /// Whether the document ended with an explicit `...`.
    public let hasExplicitEnd: Bool
    /// Where the document starts.
    public let startMark: SourceMark

    init(storage: YAMLDocumentStorage, rootIndex: Int32, hasExplicitStart: Bool, hasExplicitEnd: Bool, startMark: SourceMark) {
        self.storage = storage
        self.rootIndex = rootIndex
        self.hasExplicitStart = hasExplicitStart
        self.hasExplicitEnd = hasExplicitEnd
        self.startMark = startMark
    }

    /// The top-level node.
    public var root: YAMLNode { YAMLNode(storage: storage, index: rootIndex) }
    /// The file the document was read from.
    public var source: SourceFile { storage.source }
    /// How many nodes the document holds (aliases count once, not expanded).
    public var nodeCount: Int { storage.nodes.count }
}

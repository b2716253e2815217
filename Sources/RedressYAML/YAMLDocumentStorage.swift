import RedressDiagnostics

/// The immutable tables behind one parsed document; shared by every `YAMLNode` view into it.
final class YAMLDocumentStorage: Sendable {
    let source: SourceFile
    let nodes: [NodeRecord]
    let children: [Int32]
    let scalars: [String]
    let names: [String]

    init(source: SourceFile, nodes: [NodeRecord], children: [Int32], scalars: [String], names: [String]) {
        self.source = source
        self.nodes = nodes
        self.children = children
        self.scalars = scalars
        self.names = names
    }
}

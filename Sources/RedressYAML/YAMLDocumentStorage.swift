import RedressDiagnostics

/// The immutable tables behind one parsed document; shared by every `YAMLNode` view into it.
///
/// Scalar values sit back to back in one byte buffer and become `String`s only when asked for:
/// one allocation per document instead of one per scalar.
final class YAMLDocumentStorage: Sendable {
    let source: SourceFile
    let nodes: [NodeRecord]
    let children: [Int32]
    let text: [UInt8]
    let names: [String]

    init(source: SourceFile, nodes: [NodeRecord], children: [Int32], text: [UInt8], names: [String]) {
        self.source = source
        self.nodes = nodes
        self.children = children
        self.text = text
        self.names = names
    }

    /// The value of scalar record `record`.
    func scalarText(_ record: NodeRecord) -> String {
        let start = Int(record.childStart)
        return String(decoding: text[start..<start + Int(record.childCount)], as: UTF8.self)
    }
}

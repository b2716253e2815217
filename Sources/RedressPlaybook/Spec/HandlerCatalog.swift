/// The handlers a playbook may use, by name: a plain list, checked once.
///
/// Contract: names are unique; building a catalog from a list with a duplicate throws (as
/// SwiftLint's rule list is checked), so a registration mistake is caught at start-up.
public struct HandlerCatalog: Sendable {
    /// A name registered twice.
    public struct DuplicateHandler: Error, Sendable, CustomStringConvertible {
        /// The repeated name.
        public let name: String
        /// Explains the problem.
        public var description: String { "handler '\(name)' is registered twice" }
    }

    /// Every descriptor, sorted by name.
    public let descriptors: [HandlerDescriptor]
    private let byName: [String: HandlerDescriptor]

    /// Builds a catalog; throws on a duplicate name.
    public init(_ descriptors: [HandlerDescriptor]) throws(DuplicateHandler) {
        var byName: [String: HandlerDescriptor] = [:]
        for descriptor in descriptors {
            guard byName[descriptor.name] == nil else { throw DuplicateHandler(name: descriptor.name) }
            byName[descriptor.name] = descriptor
        }
        self.byName = byName
        self.descriptors = descriptors.sorted { $0.name < $1.name }
    }

    /// The handler named `name`.
    public subscript(name: String) -> HandlerDescriptor? { byName[name] }

    /// The closest registered name to a misspelt one, if any is close enough.
    public func suggestion(for name: String) -> String? {
        Suggestions.closest(to: name, among: byName.keys)
    }
}

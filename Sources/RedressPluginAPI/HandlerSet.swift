import RedressPlaybook

/// The handlers one process runs with: plugin modules' plain lists joined and checked once.
///
/// Contract: a name appears once (a duplicate throws at start-up, never a silent override);
/// `catalog` is what the validator reads, so validation and execution use the same specs.
public struct HandlerSet: Sendable {
    /// The specs of every handler.
    public let catalog: HandlerCatalog
    private let byName: [String: any StepHandler]

    /// Joins `handlers`; throws on a duplicate name.
    public init(_ handlers: [any StepHandler]) throws(HandlerCatalog.DuplicateHandler) {
        catalog = try HandlerCatalog(handlers.map(\.descriptor))
        var byName: [String: any StepHandler] = [:]
        for handler in handlers { byName[handler.descriptor.name] = handler }
        self.byName = byName
    }

    /// The handler named `name`.
    public subscript(name: String) -> (any StepHandler)? { byName[name] }
}

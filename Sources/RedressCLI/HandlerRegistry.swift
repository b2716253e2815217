import RedressPlaybook

/// The specs of the handlers this build runs, for commands that only validate or list: the same
/// handler list execution uses (`StateOptions.handlers`), so the two can never drift apart.
enum HandlerRegistry {
    static func catalog() throws -> HandlerCatalog {
        try StateOptions.handlers(gateway: DryRunGateway()).catalog
    }
}

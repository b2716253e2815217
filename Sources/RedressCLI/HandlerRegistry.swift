import RedressFlowPlugin
import RedressPlaybook
import RedressWalletPlugin

/// The handlers this build of `redress` knows: each plugin module's plain list, joined and
/// checked once for duplicate names.
enum HandlerRegistry {
    static func catalog() throws -> HandlerCatalog {
        try HandlerCatalog(FlowPlugin.descriptors + WalletPlugin.descriptors)
    }
}

import RedressPluginAPI
import Synchronization

/// Who owns which order, as a test case's mocked order lookups (`reportsOwner` handlers such as
/// `wallet.check_status`) reported it: the engine's owner check in a playbook test asks this book,
/// so a mocked wallet answers it the way the real one would. An order no lookup reported is
/// unknown, and money for it does not move.
final class MockOwnerBook: OrderOwnerLookup {
    private let owners = Mutex<[String: String]>([:])

    func record(order: String, owner: String) { owners.withLock { $0[order] = owner } }

    func owner(ofOrder order: String) async throws -> String? { owners.withLock { $0[order] } }
}

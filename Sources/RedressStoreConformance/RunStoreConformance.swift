import Foundation
import RedressEngine
import RedressPlaybook

/// The checks every `RunStore` must pass, for implementers to run in their own tests (as
/// swift-log's `LogHandler` implementers run its test kit): SQLite and the in-memory store run
/// them here, and a PostgreSQL store must pass the same.
///
/// Contract: `run()` makes a fresh store with `makeStore` for every check, runs every check, and
/// returns the failures (empty when the store conforms); a check that throws where it should not
/// is a failure naming the error. Checks use their own runs and timestamps (from 2027-01-15) and
/// never depend on the wall clock, so a store shared between checks still sees no interference.
public struct RunStoreConformance: Sendable {
    /// One broken rule of the contract.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        /// The check's name (a sentence).
        public let check: String
        /// What went wrong.
        public let message: String

        /// `check: message`.
        public var description: String { "\(check): \(message)" }
    }

    /// A named check of one rule.
    public struct Check: Sendable {
        /// What the rule is, as a sentence.
        public let name: String
        let body: @Sendable (any RunStore, inout Probe) async throws -> Void
    }

    private let makeStore: @Sendable () async throws -> any RunStore

    /// A kit that checks the stores `makeStore` makes (one per check).
    public init(makeStore: @escaping @Sendable () async throws -> any RunStore) {
        self.makeStore = makeStore
    }

    /// Runs every check of `checks` (all of them by default); the failures, in check order.
    public func run(_ checks: [Check] = RunStoreConformance.checks) async -> [Failure] {
        var failures: [Failure] = []
        for check in checks {
            var probe = Probe(check: check.name)
            do {
                let store = try await makeStore()
                try await check.body(store, &probe)
            } catch {
                probe.fail("threw \(error)")
            }
            failures += probe.failures
        }
        return failures
    }

    /// Every check of the contract.
    public static let checks: [Check] = lifecycleChecks + leaseChecks + dueChecks + caseChecks
}

/// Records the failures of one check.
public struct Probe: Sendable {
    let check: String
    var failures: [RunStoreConformance.Failure] = []

    /// Notes that `condition` should hold.
    mutating func expect(_ condition: Bool, _ message: @autoclosure () -> String) {
        if !condition { fail(message()) }
    }

    /// Notes a failure.
    mutating func fail(_ message: String) { failures.append(.init(check: check, message: message)) }

    /// Notes that `body` should throw `expected`.
    mutating func expectError(_ expected: RunStoreError, _ what: String, _ body: () async throws -> Void) async {
        do {
            try await body()
            fail("\(what) did not throw \(expected)")
        } catch let error as RunStoreError {
            expect(error == expected, "\(what) threw \(error), not \(expected)")
        } catch {
            fail("\(what) threw \(error), not \(expected)")
        }
    }
}

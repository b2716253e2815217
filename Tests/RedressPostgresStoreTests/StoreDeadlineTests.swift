import Foundation
import RedressEngine
@testable import RedressPostgresStore
import Testing

/// A store call that never ends fails at its deadline instead of hanging its caller.
@Suite struct StoreDeadlineTests {
    @Test func aCallThatNeverEndsFailsAtItsDeadlineEvenIfItIgnoresCancellation() async throws {
        let deadline = StoreDeadline(limit: .milliseconds(200))
        let started = ContinuousClock.now
        await #expect(throws: RunStoreError.self) {
            try await deadline.run("load") { () async -> Int in
                // Never resumed and deaf to cancellation, as a wedged network call might be
                // (suspended, so it holds no thread).
                await withUnsafeContinuation { (_: UnsafeContinuation<Int, Never>) in }
            }
        }
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test func aCallThatAnswersInTimeGivesItsResultOrItsError() async throws {
        let deadline = StoreDeadline(limit: .seconds(10))
        #expect(try await deadline.run("load") { 42 } == 42)
        await #expect(throws: RunStoreError.self) {
            try await deadline.run("commit") { () async throws -> Int in throw RunStoreError.leaseLost("run-1") }
        }
    }
}

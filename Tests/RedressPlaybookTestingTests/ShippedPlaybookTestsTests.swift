import Foundation
import RedressFlowPlugin
import RedressPlaybook
import RedressPlaybookTesting
import RedressWalletAPI
import RedressWalletPlugin
import Testing

/// The shipped playbooks' own tests (`Playbooks/*.test.yaml`) pass, and between them take every
/// path `redress plan` lists.
@Suite struct ShippedPlaybookTestsTests {
    static let playbooks = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Playbooks")
    static let names = ["transaction-failed", "funds-frozen", "system-timeout", "status-mismatch", "refund-request", "duplicate-charge"]
    static let catalog: HandlerCatalog = {
        do {
            return try HandlerCatalog(FlowPlugin.descriptors + WalletPlugin.descriptors)
        } catch {
            preconditionFailure("duplicate built-in handler: \(error)")
        }
    }()

    static func run(_ name: String) async -> (PlaybookTestLoader.Loaded, PlaybookTestFileResult) {
        let loaded = PlaybookTestLoader(catalog: catalog).load(path: playbooks.appendingPathComponent("\(name).test.yaml").path)
        let result = await PlaybookTestRunner(catalog: catalog, passthrough: FlowPlugin.handlers).run(loaded)
        return (loaded, result)
    }

    @Test(arguments: names)
    func everyCaseOfTheShippedTestsPasses(_ name: String) async throws {
        let (loaded, result) = await Self.run(name)
        #expect(loaded.isRunnable, "\(loaded.diagnostics)")
        #expect(result.cases.count >= 10)
        for failed in result.cases where !failed.passed {
            Issue.record("\(name): '\(failed.name)' failed: \(failed.failures); path \(failed.actualPath)")
        }
    }

    @Test(arguments: names)
    func shippedTestsTakeEveryPlannedPath(_ name: String) async throws {
        let (loaded, result) = await Self.run(name)
        let playbook = try #require(loaded.playbook?.playbook)
        let mainSteps = Set(playbook.steps.map(\.id.value))
        let taken = result.cases.map { $0.actualPath.filter { mainSteps.contains(String($0.prefix { $0 != ":" })) } }
        let planned = PathPlanner(playbook: playbook, catalog: Self.catalog).paths().paths.filter { !$0.endsInHandlerFailure }
        #expect(!planned.isEmpty)
        for path in planned {
            let visits = path.visits.filter { $0.outcome != OutcomeSpec.skipped.name }
            // A visit standing for several outcomes that go the same way is taken by any of them;
            // one of them `skipped` (absent from a case's path) is taken by the step not showing.
            func takes(_ actual: some Collection<String>) -> Bool {
                func match(_ steps: ArraySlice<String>, _ rest: ArraySlice<PlaybookPath.Visit>) -> Bool {
                    guard let visit = rest.first else { return steps.isEmpty }
                    if visit.outcomes.contains(OutcomeSpec.skipped.name), match(steps, rest.dropFirst()) { return true }
                    guard let step = steps.first else { return false }
                    let parts = step.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                    return parts.count == 2 && visit.matches(step: parts[0], outcome: parts[1]) && match(steps.dropFirst(), rest.dropFirst())
                }
                return match(ArraySlice(actual), ArraySlice(visits))
            }
            let covered = taken.contains { actual in
                // A breach path starts where the SLA cut a waiting step short.
                path.start == .start
                    ? takes(actual)
                    : actual.count > visits.count && takes(actual.suffix(visits.count))
                        && actual[actual.count - visits.count - 1].hasSuffix(": \(OutcomeSpec.interrupted.name)")
            }
            #expect(covered, "\(name): no case takes \(path.start.rawValue) path \(visits.map(\.description).joined(separator: " → "))")
        }
    }
}

import Foundation
import RedressDiagnostics
import RedressPlaybook
import RedressYAML
import Testing

/// Plugin manifests get the same diagnostics as playbooks: exact positions, stable codes.
@Suite struct ManifestDiagnosticTests {
    static let fixtures: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: MarkedFixture.folder.appendingPathComponent("manifests").path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { "manifests/" + $0 }
    }()

    static func library(_ fixture: MarkedFixture) -> PluginLibrary {
        let parsed = YAMLParser().parseDocument(fixture.source, requireMapping: true)
        // The fixtures' configuration trusts one external verifier, as a redress.yaml would.
        return PluginLibrary(
            sources: [fixture.source], parsed: [parsed], builtIn: MarkedFixture.catalog.descriptors, environment: ProcessInfo.processInfo.environment,
            trustedVerifiers: ["acme.face_check"])
    }

    @Test(arguments: fixtures)
    func manifestFixtureYieldsExactlyItsMarkedDiagnostics(_ path: String) throws {
        let fixture = try MarkedFixture(relativePath: path)
        #expect(!fixture.expectations.isEmpty)
        let diagnostics = Self.library(fixture).diagnostics
        let (missing, unexpected) = fixture.unmatched(diagnostics)
        #expect(missing.isEmpty, "missing: \(missing); got: \(diagnostics)")
        #expect(unexpected.isEmpty, "unexpected: \(unexpected)")
    }

    @Test func handlersWithErrorsAreLeftOutAndSoundOnesKept() throws {
        let fixture = try MarkedFixture(relativePath: "manifests/manifest-mistakes.yaml")
        let library = Self.library(fixture)
        #expect(library.handlers.isEmpty)
        #expect(library.manifests.map(\.name.value) == ["mistakes"])
    }

    @Test func aSoundManifestDecodesIntoTheSameSpecsAsASwiftHandler() throws {
        let source = SourceFile(
            path: "plugin.yaml",
            text: """
                plugin: risk
                handlers:
                  risk.score:
                    summary: Scores an order.
                    command: [sh, -c, "echo"]
                    timeout: 5s
                    policy: [idempotent]
                    parameters:
                      order_id: {type: string, required: true, pattern: "ORD-[0-9]+"}
                      amount: {type: decimal, minimum: 0, maximum: 10000}
                      band: {type: enum, values: [low, high], default: low}
                    outputs:
                      score: {type: integer}
                    outcomes:
                      scored: success
                      unavailable: {success: false, description: the service is down}
                """)
        let library = PluginLibrary(sources: [source], parsed: [YAMLParser().parseDocument(source, requireMapping: true)], builtIn: [], environment: [:])
        #expect(library.diagnostics.isEmpty, "\(library.diagnostics)")
        let descriptor = try #require(library.handlers.first?.descriptor)
        #expect(descriptor.parameters == [
            ParameterSpec("order_id", .string, required: true, pattern: "ORD-[0-9]+"),
            ParameterSpec("amount", .decimal, minimum: 0, maximum: 10000),
            ParameterSpec("band", .enumeration(["low", "high"]), default: .string("low")),
        ])
        #expect(descriptor.outputs == [FieldSpec("score", .integer)])
        #expect(descriptor.outcomes == [.success("scored"), .failure("unavailable", "the service is down")])
        #expect(descriptor.policy.isIdempotent && !descriptor.policy.hasSideEffects && !descriptor.policy.isInstant)
        #expect(descriptor.defaultTimeout == PlaybookDuration("5s"))
        #expect(library.handlers.first?.command == ["sh", "-c", "echo"])
    }
}

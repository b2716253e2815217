import Foundation
import Testing

extension CommandLineTests {
    /// The wallet gateway's OpenAPI document is valid, and the served sandbox conforms to it
    /// (schemathesis, bounded, against a real `redress sandbox serve` on loopback).
    @Suite struct WalletContractTests {
        private static var document: String { PlaybookValidationCLITests.repository.appendingPathComponent("openapi/wallet-gateway.yaml").path }

        @Test func theContractIsAValidOpenAPIDocument() throws {
            let checked = try PythonTool.run(["-m", "openapi_spec_validator", Self.document])
            #expect(checked.status == 0, "\(checked.output)\n(scripts/test installs openapi-spec-validator)")
        }

        @Test func theServedSandboxConformsToTheContract() throws {
            let (server, base) = try RedressBinary.serveSandbox()
            defer { server.send(SIGTERM) }
            let run = try PythonTool.run([
                "-m", "schemathesis.cli", "run", Self.document, "--url", base, "--max-examples", "10", "--seed", "7",
                "--checks", "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
            ])
            #expect(run.status == 0, "\(run.output)\n(scripts/test installs schemathesis)")
            #expect(run.output.contains("passed"), "\(run.output)")
        }
    }
}

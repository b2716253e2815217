import Foundation
import Testing

extension CommandLineTests {
    /// The API's OpenAPI document is valid, and `redress serve` conforms to it (schemathesis,
    /// bounded, as an operator, against a real server on loopback): no 5xx, every status,
    /// content type and body as documented.
    @Suite struct APIContractTests {
        private static var document: String { PlaybookValidationCLITests.repository.appendingPathComponent("openapi/redress-api.yaml").path }

        @Test func theAPIDocumentIsAValidOpenAPIDocument() throws {
            let checked = try PythonTool.run(["-m", "openapi_spec_validator", Self.document])
            #expect(checked.status == 0, "\(checked.output)\n(scripts/test installs openapi-spec-validator)")
        }

        @Test func theServedAPIConformsToItsDocument() throws {
            let (state, tokens) = try ServeCommandTests.team()
            let (server, base) = try ServeCommandTests.serve(["--state", state])
            defer { server.send(SIGKILL) }
            let run = try PythonTool.run([
                "-m", "schemathesis.cli", "run", Self.document, "--url", base, "--max-examples", "10", "--seed", "7",
                "-H", "Authorization: Bearer \(tokens["ops"] ?? "")",
                "--checks", "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
            ])
            #expect(run.status == 0, "\(run.output)\n(scripts/test installs schemathesis)")
            #expect(run.output.contains("passed"), "\(run.output)")
            server.send(SIGTERM)
            #expect(try server.wait(killingAfter: 60).status == 0)
        }
    }
}

import Foundation
import Testing

extension CommandLineTests {
    /// External plugins from the command line: discovery through `--plugins` and
    /// `$REDRESS_PLUGIN_PATH`, listing, validation with manifest diagnostics, and a real run.
    @Suite struct PluginCommandTests {
        /// A temporary folder with one plugin (`acme.echo`, a POSIX sh program) and a playbook.
        struct Workspace {
            let folder: String
            var plugins: String { folder + "/plugins" }
            var playbook: String { folder + "/echo.yaml" }
            var state: String { folder + "/state" }

            init(manifestExtra: String = "") throws {
                folder = NSTemporaryDirectory() + "redress-plugin-cli-\(UUID().uuidString)"
                try FileManager.default.createDirectory(atPath: folder + "/plugins/acme", withIntermediateDirectories: true)
                try """
                    plugin: acme
                    handlers:
                      acme.echo:
                        summary: Says the order id back.
                        command: [sh, -c, 'read -r request; echo "{\\"outcome\\": \\"said\\", \\"output\\": {\\"text\\": \\"ok\\"}}"']
                        parameters:
                          order_id: {type: string, required: true}
                        outputs:
                          text: {type: string}
                        outcomes: {said: success}
                    \(manifestExtra)
                    """.write(toFile: plugins + "/acme/plugin.yaml", atomically: true, encoding: .utf8)
                try """
                    playbook: echo
                    title: Echo through a plugin
                    anomaly: transaction_failed
                    steps:
                      - id: echo
                        uses: acme.echo
                        with: {order_id: ORD-1}
                      - id: done
                        uses: flow.finish
                        with:
                          resolution: ${{ steps.echo.output.text }}
                    """.write(toFile: playbook, atomically: true, encoding: .utf8)
            }
        }

        @Test func handlersListsExternalHandlersFromPluginsFolders() throws {
            let workspace = try Workspace()
            let output = try RedressBinary.run(["handlers", "--plugins", workspace.plugins])
            #expect(output.status == 0)
            #expect(output.standardOutput.contains("acme.echo: Says the order id back."))
            #expect(output.standardOutput.contains("external: \(workspace.plugins)/acme/plugin.yaml"))
            let viaEnvironment = try RedressBinary.run(["handlers", "--format", "json"], environment: ["REDRESS_PLUGIN_PATH": workspace.plugins])
            #expect(viaEnvironment.standardOutput.contains("\"name\" : \"acme.echo\""))
        }

        @Test func runUsesAnExternalHandlerEndToEnd() throws {
            let workspace = try Workspace()
            let output = try RedressBinary.run(["run", workspace.playbook, "--plugins", workspace.plugins, "--state", workspace.state, "--format", "json"])
            #expect(output.status == 0, "\(output.standardError)")
            #expect(output.standardOutput.contains("\"resolution\" : \"ok\"") || output.standardOutput.contains("\"resolution\":\"ok\""))
        }

        @Test func validateReportsManifestProblemsAndThePlaybookThatUsesTheBrokenHandler() throws {
            let workspace = try Workspace(manifestExtra: "    policy: [idempotnt]")
            let output = try RedressBinary.run(["validate", "--plugins", workspace.plugins, workspace.playbook])
            #expect(output.status == 1)
            #expect(output.standardOutput.contains("acme/plugin.yaml:11:14: error: unknown policy flag 'idempotnt'; did you mean 'idempotent'? [bad-value]"), "\(output.standardOutput)")
            #expect(output.standardOutput.contains("echo.yaml:6:11: error: unknown handler 'acme.echo'"), "\(output.standardOutput)")
        }

        @Test func missingPluginFolderIsAUsageError() throws {
            let output = try RedressBinary.run(["validate", "--plugins", "/no/such/plugins", "Playbooks"])
            #expect(output.status == 2)
            #expect(output.standardError.contains("no such plugin folder: '/no/such/plugins'"))
        }
    }
}

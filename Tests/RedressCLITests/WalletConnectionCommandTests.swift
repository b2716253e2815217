import Foundation
import Testing

extension CommandLineTests {
    /// The wallet over HTTP from the command line: `redress sandbox serve` in one process, the
    /// engine's commands in others with `REDRESS_WALLET_URL`, and the configuration file.
    @Suite struct WalletConnectionCommandTests {
        private var playbooks: String { PlaybookValidationCLITests.repository.appendingPathComponent("Playbooks").path }

        private func stateDirectory() -> String {
            FileManager.default.temporaryDirectory.appendingPathComponent("redress-wallet-\(UUID().uuidString)").path
        }

        @Test func handleRunsOverHTTPAgainstTheServedSandboxAndKeepsNoWalletOfItsOwn() throws {
            let (server, url) = try RedressBinary.serveSandbox()
            defer { server.send(SIGTERM) }
            let state = stateDirectory()
            let handled = try RedressBinary.run(["handle", "ORD-3001", "--state", state, "--playbooks", playbooks], environment: ["REDRESS_WALLET_URL": url])
            #expect(handled.status == 3, "\(handled.standardOutput)\(handled.standardError)")
            #expect(handled.standardOutput.contains("the channel had the money: order corrected to paid without charging again"))
            #expect(!FileManager.default.fileExists(atPath: (state as NSString).appendingPathComponent("sandbox.sqlite")))
            let scanned = try RedressBinary.run(["scan", "--limit", "3", "--state", state, "--playbooks", playbooks], environment: ["REDRESS_WALLET_URL": url])
            #expect(scanned.standardOutput.contains("transaction_failed"), "\(scanned.standardOutput)\(scanned.standardError)")
        }

        @Test func theWalletNamedInTheStateDirectorysConfigurationIsUsed() throws {
            let (server, url) = try RedressBinary.serveSandbox()
            defer { server.send(SIGTERM) }
            let state = stateDirectory()
            try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
            try "wallet:\n  kind: http\n  url: \(url)\n  timeouts: {connect: 1s, call: 5s}\n".write(
                toFile: (state as NSString).appendingPathComponent("redress.yaml"), atomically: true, encoding: .utf8)
            let handled = try RedressBinary.run(["handle", "ORD-4001", "--state", state, "--playbooks", playbooks], environment: ["REDRESS_WALLET_URL": ""])
            #expect(handled.status == 3, "\(handled.standardOutput)\(handled.standardError)")
            #expect(!FileManager.default.fileExists(atPath: (state as NSString).appendingPathComponent("sandbox.sqlite")))
            let shown = try RedressBinary.run(["config", "show", "--state", state], environment: ["REDRESS_WALLET_URL": ""])
            #expect(shown.standardOutput.contains("wallet.url: \(url)"), "\(shown.standardOutput)")
        }

        @Test func aWalletKilledMidWayIsAClearErrorNotACrash() throws {
            let (server, url) = try RedressBinary.serveSandbox()
            server.send(SIGKILL)
            _ = try server.wait()
            let output = try RedressBinary.run(["triage", "ORD-3001", "--state", stateDirectory(), "--playbooks", playbooks], environment: ["REDRESS_WALLET_URL": url])
            #expect(output.status != 0)
            #expect(output.standardError.contains("unavailable"), "\(output.standardError)")
            #expect(output.standardError.contains("nothing was sent"), "\(output.standardError)")
        }

        @Test func commandsThatDoNotNeedAWalletNeverOpenOne() throws {
            let state = stateDirectory()
            let environment = ["REDRESS_WALLET_URL": "http://127.0.0.1:1"]
            let playbook = (playbooks as NSString).appendingPathComponent("transaction-failed.yaml")
            for arguments in [["runs"], ["show", "run-x"], ["audit", "verify"], ["validate", playbooks], ["plan", playbook], ["graph", playbook]] {
                let output = try RedressBinary.run(arguments + (["validate", "plan", "graph"].contains(arguments[0]) ? [] : ["--state", state]), environment: environment)
                #expect(!output.standardError.contains("127.0.0.1:1"), "\(arguments): \(output.standardError)")
            }
            #expect(!FileManager.default.fileExists(atPath: (state as NSString).appendingPathComponent("sandbox.sqlite")))
        }

        @Test func plainHTTPToAnotherHostIsRefusedUnlessTheConfigurationAllowsIt() throws {
            let output = try RedressBinary.run(
                ["triage", "ORD-3001", "--state", stateDirectory(), "--playbooks", playbooks], environment: ["REDRESS_WALLET_URL": "http://wallet.example.com"])
            #expect(output.status == 2)
            #expect(output.standardError.contains("plain http to wallet.example.com"))
        }

        @Test func configCheckReportsEveryProblemWithItsPlaceAndShowMasksSecrets() throws {
            let folder = stateDirectory()
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let bad = (folder as NSString).appendingPathComponent("bad.yaml")
            try "wallet:\n  kind: http\n  url: http://wallet.example.com/api\n  auth:\n    kind: bearer\n    token: abc123\n  timeouts: {call: 5x}\n".write(
                toFile: bad, atomically: true, encoding: .utf8)
            let checked = try RedressBinary.run(["config", "check", "--config", bad])
            #expect(checked.status == 2)
            for expected in ["bad.yaml:3:8: error: plain http to wallet.example.com", "[insecure-wallet-url]", "bad.yaml:6:5: error: a token is never written in redress.yaml",
                "[secret-in-configuration]", "bad.yaml:5:11: error: auth kind 'bearer' needs 'token_env: VARIABLE' or 'token_file: PATH' [missing-secret]",
                "bad.yaml:7:20: error: timeouts.call '5x' is not a duration"]
            {
                #expect(checked.standardError.contains(expected), "\(expected)\n\(checked.standardError)")
            }
            let good = (folder as NSString).appendingPathComponent("redress.yaml")
            try "wallet:\n  kind: http\n  url: https://wallet.example.com/api\n  auth: {kind: hmac, secret_env: WALLET_SECRET}\n".write(toFile: good, atomically: true, encoding: .utf8)
            let unset = try RedressBinary.run(["config", "check", "--config", good], environment: ["WALLET_SECRET": ""])
            #expect(unset.status == 2)
            #expect(unset.standardError.contains("the environment variable WALLET_SECRET (the wallet's secret) is not set [missing-secret]"))
            let shown = try RedressBinary.run(["config", "show", "--config", good], environment: ["WALLET_SECRET": "very-secret-value"])
            #expect(shown.status == 0, "\(shown.standardError)")
            #expect(shown.standardOutput.contains("wallet.url: https://wallet.example.com/api"))
            #expect(shown.standardOutput.contains("wallet.auth: hmac-sha256 (secret ********)"))
            #expect(!shown.standardOutput.contains("very-secret-value"))
        }
    }
}

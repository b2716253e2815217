import RedressPlaybook

/// What one case did, and whether that is what it expected.
package struct PlaybookTestCaseResult: Sendable {
    /// The case's name.
    package var name: String
    /// Each way the run differed from the expectation (empty when it passed).
    package var failures: [String]
    /// The expected path, if the case states one.
    package var expectedPath: [String]?
    /// The steps taken (`step: outcome`), skipped steps left out.
    package var actualPath: [String]
    /// The final status.
    package var status: String
    /// The final resolution.
    package var resolution: String?
    /// Messages sent to the user (their rendered text).
    package var messages: [String]
    /// Effects requested (`handler(param=value, ...)`).
    package var effects: [String]
    /// Virtual time from the start to the end of the case, in seconds.
    package var virtualSeconds: Double
    /// Wall time the case took, in seconds.
    package var wallSeconds: Double

    /// Whether the case passed.
    package var passed: Bool { failures.isEmpty }
}

/// The results of one test file.
package struct PlaybookTestFileResult: Sendable {
    /// The test file.
    package var path: String
    /// The playbook it tests.
    package var playbookPath: String
    /// One result per case, in order.
    package var cases: [PlaybookTestCaseResult]
}

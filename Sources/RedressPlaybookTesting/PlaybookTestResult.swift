import RedressPlaybook

/// What one case did, and whether that is what it expected.
public struct PlaybookTestCaseResult: Sendable {
    /// The case's name.
    public var name: String
    /// Each way the run differed from the expectation (empty when it passed).
    public var failures: [String]
    /// The expected path, if the case states one.
    public var expectedPath: [String]?
    /// The steps taken (`step: outcome`), skipped steps left out.
    public var actualPath: [String]
    /// The final status.
    public var status: String
    /// The final resolution.
    public var resolution: String?
    /// Messages sent to the user (their rendered text).
    public var messages: [String]
    /// Effects requested (`handler(param=value, ...)`).
    public var effects: [String]
    /// Virtual time from the start to the end of the case, in seconds.
    public var virtualSeconds: Double
    /// Wall time the case took, in seconds.
    public var wallSeconds: Double

    /// Whether the case passed.
    public var passed: Bool { failures.isEmpty }
}

/// The results of one test file.
public struct PlaybookTestFileResult: Sendable {
    /// The test file.
    public var path: String
    /// The playbook it tests.
    public var playbookPath: String
    /// One result per case, in order.
    public var cases: [PlaybookTestCaseResult]
}

import Testing

/// Every command-line suite, run one test at a time: each test blocks a thread while the
/// `redress` process it started runs, and the cooperative pool has only as many threads as the
/// machine has cores, so running them all at once would starve every other test of threads.
@Suite(.serialized) enum CommandLineTests {}

import ArgumentParser
import RedressPlaybook

/// `redress graph PLAYBOOK`: a picture of a playbook as Mermaid or Graphviz DOT.
struct GraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Draw a playbook: steps, labelled outcome edges, money and human-wait steps marked, finally and SLA edges dashed.",
        discussion: "Mermaid renders on GitHub and in most wikis (paste it in a ```mermaid block); DOT is for Graphviz ('dot -Tsvg').")

    /// The picture formats.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case mermaid, dot
    }

    @Argument(help: "The playbook file.")
    var playbook: String

    @Option(help: "mermaid or dot.")
    var format: Format = .mermaid

    @OptionGroup var plugins: PluginOptions

    func run() throws {
        let (model, catalog) = try PlaybookLoading.validPlaybook(playbook, plugins: plugins)
        let graph = PlaybookGraph(playbook: model, catalog: catalog)
        FileOutput.standardOutput.write(format == .mermaid ? graph.mermaid() : graph.dot())
    }
}

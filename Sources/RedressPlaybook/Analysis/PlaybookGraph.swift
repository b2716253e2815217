/// A picture of a playbook: steps as nodes, outcome edges labelled, money-moving and
/// human-wait steps marked, `finally` and SLA-breach edges dashed. Rendered as Mermaid (GitHub,
/// wikis) or Graphviz DOT.
///
/// Contract: the same playbook always renders to the same text (edges in step and outcome
/// order), so a rendered graph can be kept in a document and checked by a test. Implicit
/// `error`/`timeout` edges are drawn only when the playbook routes them somewhere other than
/// the default (failing the run).
package struct PlaybookGraph: Sendable {
    /// A node of the picture.
    struct Node {
        var id: String
        var label: String
        var kind: Kind

        enum Kind {
            case step, money, human, terminal, breach
        }
    }

    /// An edge of the picture.
    struct Edge {
        var from: String
        var to: String
        var label: String
        var isDashed: Bool
    }

    let title: String
    private(set) var nodes: [Node] = []
    private(set) var edges: [Edge] = []
    private(set) var finallyNodes: [String] = []

    /// Builds the picture of `playbook` with handler specs from `catalog`.
    package init(playbook: Playbook, catalog: HandlerCatalog) {
        title = playbook.id.value
        let graph = ControlFlowGraph(playbook: playbook, catalog: catalog)
        let completed = "completed", failed = "failed"
        nodes.append(Node(id: "start", label: "start", kind: .terminal))
        if let first = graph.steps.first { edges.append(Edge(from: "start", to: Self.nodeID(first.id.value), label: "", isDashed: false)) }
        for (position, step) in graph.steps.enumerated() {
            nodes.append(Self.node(step, graph.descriptors[position]))
            var labels: [(to: String, outcomes: [String])] = []
            for edge in graph.edges[position] {
                let isImplicit = OutcomeSpec.implicit.contains { $0.name == edge.outcome }
                if isImplicit && step.route(for: edge.outcome) == nil { continue }
                let target = edge.to == graph.exit ? (edge.endsFailed ? failed : completed) : Self.nodeID(graph.steps[edge.to].id.value)
                if let index = labels.firstIndex(where: { $0.to == target }) {
                    labels[index].outcomes.append(edge.outcome)
                } else {
                    labels.append((target, [edge.outcome]))
                }
            }
            for (target, outcomes) in labels {
                edges.append(Edge(from: Self.nodeID(step.id.value), to: target, label: outcomes.joined(separator: ", "), isDashed: false))
            }
        }
        nodes.append(Node(id: completed, label: "completed", kind: .terminal))
        nodes.append(Node(id: failed, label: "failed", kind: .terminal))
        for (position, step) in playbook.finally.enumerated() {
            nodes.append(Self.node(step, catalog[step.uses.value]))
            finallyNodes.append(Self.nodeID(step.id.value))
            if position == 0 {
                edges.append(Edge(from: completed, to: Self.nodeID(step.id.value), label: "finally", isDashed: true))
                edges.append(Edge(from: failed, to: Self.nodeID(step.id.value), label: "finally", isDashed: true))
            } else {
                edges.append(Edge(from: Self.nodeID(playbook.finally[position - 1].id.value), to: Self.nodeID(step.id.value), label: "", isDashed: false))
            }
        }
        if let sla = playbook.sla, let target = sla.onBreach?.value {
            let deadlines = [sla.respondWithin.map { "respond \($0.value)" }, sla.resolveWithin.map { "resolve \($0.value)" }].compactMap { $0 }
            nodes.append(Node(id: "sla_breach", label: "SLA breach", kind: .breach))
            edges.append(Edge(from: "sla_breach", to: Self.nodeID(target), label: deadlines.joined(separator: " / "), isDashed: true))
        }
    }

    static func nodeID(_ step: String) -> String { "s_" + step }

    static func node(_ step: Step, _ descriptor: HandlerDescriptor?) -> Node {
        let policy = descriptor?.policy
        let kind: Node.Kind = (policy?.movesMoney ?? false) || (policy?.releasesFunds ?? false) ? .money : (policy?.waitsForPerson ?? false) ? .human : .step
        let marker = kind == .money ? "💰 " : kind == .human ? "⏳ " : ""
        return Node(id: nodeID(step.id.value), label: "\(marker)\(step.id.value)\n\(step.uses.value)", kind: kind)
    }

    // MARK: Mermaid

    /// The picture as a Mermaid flowchart (without the ```mermaid fence).
    package func mermaid() -> String {
        var lines = ["flowchart TD"]
        for node in nodes where !finallyNodes.contains(node.id) { lines.append("  " + mermaidNode(node)) }
        if !finallyNodes.isEmpty {
            lines.append("  subgraph finally")
            for node in nodes where finallyNodes.contains(node.id) { lines.append("    " + mermaidNode(node)) }
            lines.append("  end")
        }
        for edge in edges {
            let arrow = edge.isDashed ? (edge.label.isEmpty ? "-.->" : "-. \(Self.mermaidText(edge.label)) .->") : (edge.label.isEmpty ? "-->" : "-- \(Self.mermaidText(edge.label)) -->")
            lines.append("  \(edge.from) \(arrow) \(edge.to)")
        }
        lines.append("  classDef money fill:#fde2e2,stroke:#c0392b,stroke-width:3px")
        lines.append("  classDef human fill:#fff4d6,stroke:#b7950b,stroke-width:2px")
        lines.append("  classDef terminal fill:#eeeeee,stroke:#555555")
        lines.append("  classDef breach fill:#fdebd0,stroke:#ca6f1e,stroke-dasharray:4 3")
        for kind in [("money", Node.Kind.money), ("human", .human), ("terminal", .terminal), ("breach", .breach)] {
            let ids = nodes.filter { $0.kind == kind.1 }.map(\.id)
            if !ids.isEmpty { lines.append("  class \(ids.joined(separator: ",")) \(kind.0)") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func mermaidNode(_ node: Node) -> String {
        let label = "\"" + Self.mermaidText(node.label).replacingOccurrences(of: "\n", with: "<br/>") + "\""
        switch node.kind {
        case .terminal: return "\(node.id)([\(label)])"
        case .money: return "\(node.id)[[\(label)]]"
        case .human: return "\(node.id){{\(label)}}"
        case .breach: return "\(node.id)>\(label)]"
        case .step: return "\(node.id)[\(label)]"
        }
    }

    static func mermaidText(_ text: String) -> String {
        text.replacingOccurrences(of: "\"", with: "#quot;")
    }

    // MARK: DOT

    /// The picture as a Graphviz DOT digraph.
    package func dot() -> String {
        var lines = ["digraph \"\(Self.dotText(title))\" {", "  rankdir=TB;", "  node [shape=box, style=\"rounded,filled\", fillcolor=white, fontname=\"Helvetica\"];",
            "  edge [fontname=\"Helvetica\", fontsize=10];"]
        for node in nodes where !finallyNodes.contains(node.id) { lines.append("  " + dotNode(node)) }
        if !finallyNodes.isEmpty {
            lines.append("  subgraph cluster_finally {")
            lines.append("    label=\"finally\"; style=dashed;")
            for node in nodes where finallyNodes.contains(node.id) { lines.append("    " + dotNode(node)) }
            lines.append("  }")
        }
        for edge in edges {
            var attributes: [String] = []
            if !edge.label.isEmpty { attributes.append("label=\"\(Self.dotText(edge.label))\"") }
            if edge.isDashed { attributes.append("style=dashed") }
            lines.append("  \(edge.from) -> \(edge.to)" + (attributes.isEmpty ? "" : " [\(attributes.joined(separator: ", "))]") + ";")
        }
        return (lines + ["}"]).joined(separator: "\n") + "\n"
    }

    private func dotNode(_ node: Node) -> String {
        let label = "label=\"\(Self.dotText(node.label).replacingOccurrences(of: "\n", with: "\\n"))\""
        switch node.kind {
        case .terminal: return "\(node.id) [\(label), shape=oval, fillcolor=\"#eeeeee\"];"
        case .money: return "\(node.id) [\(label), fillcolor=\"#fde2e2\", color=\"#c0392b\", penwidth=3];"
        case .human: return "\(node.id) [\(label), shape=hexagon, fillcolor=\"#fff4d6\", color=\"#b7950b\"];"
        case .breach: return "\(node.id) [\(label), shape=cds, fillcolor=\"#fdebd0\", style=\"filled,dashed\"];"
        case .step: return "\(node.id) [\(label)];"
        }
    }

    static func dotText(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }
}

import RedressYAML

/// Turns parsed documents back into the yaml-test-suite's `test.event` lines, walking the node
/// tree with an explicit stack (the suite has deep cases, and the writer must not recurse).
enum TestEventWriter {
    private enum Work {
        case node(YAMLNode)
        case line(String)
    }

    static func lines(for documents: [YAMLDocument]) -> [String] {
        var out = ["+STR"]
        for document in documents {
            out.append(document.hasExplicitStart ? "+DOC ---" : "+DOC")
            var stack: [Work] = [.node(document.root)]
            while let work = stack.popLast() {
                switch work {
                case .line(let line):
                    out.append(line)
                case .node(let node):
                    switch node.kind {
                    case .alias:
                        out.append("=ALI *\(node.aliasName ?? "")")
                    case .scalar:
                        out.append("=VAL" + properties(node) + " " + scalarText(node))
                    case .sequence, .mapping:
                        let isMap = node.kind == .mapping
                        let flow = node.collectionStyle == .flow ? (isMap ? " {}" : " []") : ""
                        out.append((isMap ? "+MAP" : "+SEQ") + flow + properties(node))
                        stack.append(.line(isMap ? "-MAP" : "-SEQ"))
                        let children: [YAMLNode] = isMap ? node.entries.flatMap { [$0.key, $0.value] } : node.elements
                        for child in children.reversed() { stack.append(.node(child)) }
                    }
                }
            }
            out.append(document.hasExplicitEnd ? "-DOC ..." : "-DOC")
        }
        out.append("-STR")
        return out
    }

    private static func properties(_ node: YAMLNode) -> String {
        var text = ""
        if let anchor = node.anchor { text += " &\(anchor)" }
        if let tag = node.tag { text += " <\(tag)>" }
        return text
    }

    private static func scalarText(_ node: YAMLNode) -> String {
        guard let scalar = node.scalar else { return ":" }
        let indicator: String
        switch scalar.style {
        case .plain: indicator = ":"
        case .singleQuoted: indicator = "'"
        case .doubleQuoted: indicator = "\""
        case .literal: indicator = "|"
        case .folded: indicator = ">"
        }
        var escaped = ""
        for character in scalar.text.unicodeScalars {
            switch character {
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\t": escaped += "\\t"
            case "\r": escaped += "\\r"
            case "\u{8}": escaped += "\\b"
            case "\u{0}": escaped += "\\0"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return indicator + escaped
    }
}

import CYAML
import RedressDiagnostics

/// Builds node tables from libyaml events, enforcing limits and policies as events arrive.
///
/// Everything is iterative: open collections sit on `frames`, finished children on `pending`.
/// Problems that leave the tree usable (duplicate keys, disallowed tags, bad aliases) are
/// collected and building goes on; problems that make going on unsafe (limits, alias budget)
/// stop it.
struct TreeBuilder {
    private struct Frame {
        var node: Int32
        var pendingStart: Int
    }

    let source: SourceFile
    let options: YAMLParserOptions
    var translator: MarkTranslator
    private(set) var errors: [YAMLError] = []

    private var nodes: [NodeRecord] = []
    private var children: [Int32] = []
    private var scalars: [String] = []
    private var names: [String] = []
    private var nameIndex: [String: Int32] = [:]
    private var pending: [Int32] = []
    private var frames: [Frame] = []
    private var expandedSize: [Int] = []
    private var height: [Int32] = []
    private var expandedTotal = 0
    private var anchors: [String: Int32] = [:]
    private var earlierAnchors: Set<String> = []
    private var documentStart = SourceMark(file: "", line: 1, column: 1, offset: 0)
    private var explicitStart = false

    init(source: SourceFile, options: YAMLParserOptions, translator: MarkTranslator) {
        self.source = source
        self.options = options
        self.translator = translator
    }

    /// What the caller should do after an event.
    enum Step {
        case proceed
        case documentFinished(YAMLDocument)
        case stop
    }

    /// Consumes one event.
    mutating func consume(_ event: UnsafePointer<yaml_event_t>) -> Step {
        let event = event.pointee
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            startDocument(event)
        case YAML_DOCUMENT_END_EVENT:
            return finishDocument(explicitEnd: event.data.document_end.implicit == 0)
        case YAML_SCALAR_EVENT:
            return addScalar(event) ? .proceed : .stop
        case YAML_SEQUENCE_START_EVENT:
            let data = event.data.sequence_start
            return openCollection(.sequence, flow: data.style == YAML_FLOW_SEQUENCE_STYLE, anchor: data.anchor, tag: data.tag, event)
                ? .proceed : .stop
        case YAML_MAPPING_START_EVENT:
            let data = event.data.mapping_start
            return openCollection(.mapping, flow: data.style == YAML_FLOW_MAPPING_STYLE, anchor: data.anchor, tag: data.tag, event)
                ? .proceed : .stop
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            closeCollection(event)
        case YAML_ALIAS_EVENT:
            return addAlias(event) ? .proceed : .stop
        default:
            break
        }
        return .proceed
    }

    // MARK: Documents

    private mutating func startDocument(_ event: yaml_event_t) {
        nodes.removeAll(keepingCapacity: true)
        children.removeAll(keepingCapacity: true)
        scalars.removeAll(keepingCapacity: true)
        names.removeAll(keepingCapacity: true)
        nameIndex.removeAll(keepingCapacity: true)
        expandedSize.removeAll(keepingCapacity: true)
        height.removeAll(keepingCapacity: true)
        expandedTotal = 0
        for name in anchors.keys { earlierAnchors.insert(name) }
        anchors.removeAll()
        documentStart = mark(event.start_mark)
        explicitStart = event.data.document_start.implicit == 0
        let directives = event.data.document_start.tag_directives
        if options.tagPolicy == .coreSchema, directives.start != directives.end {
            errors.append(
                YAMLError(.tagDirective, "%TAG directives are not allowed; playbooks use only the core schema's tags", at: documentStart))
        }
    }

    private mutating func finishDocument(explicitEnd: Bool) -> Step {
        // A document's root is the first node added at the top level; libyaml always gives one.
        guard !nodes.isEmpty else { return .proceed }
        let storage = YAMLDocumentStorage(source: source, nodes: nodes, children: children, scalars: scalars, names: names)
        return .documentFinished(
            YAMLDocument(storage: storage, rootIndex: 0, hasExplicitStart: explicitStart, hasExplicitEnd: explicitEnd, startMark: documentStart))
    }

    // MARK: Nodes

    private mutating func addScalar(_ event: yaml_event_t) -> Bool {
        let data = event.data.scalar
        let start = packed(event.start_mark)
        guard data.length <= options.maxScalarLength else {
            return fail(YAMLError(.scalarTooLong, "a scalar is longer than \(options.maxScalarLength) bytes", at: mark(start)))
        }
        guard reserveNode(at: start) else { return false }
        let text = data.value.map { String(decoding: UnsafeBufferPointer(start: $0, count: data.length), as: UTF8.self) } ?? ""
        let style: ScalarStyle
        switch data.style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: style = .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: style = .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: style = .literal
        case YAML_FOLDED_SCALAR_STYLE: style = .folded
        default: style = .plain
        }
        let tag = intern(data.tag)
        let index = Int32(nodes.count)
        scalars.append(text)
        nodes.append(
            NodeRecord(
                kind: .scalar, style: style.rawValue, tag: tag, anchor: intern(data.anchor), payload: Int32(scalars.count - 1),
                childStart: 0, childCount: 0, start: start, end: packed(event.end_mark)))
        expandedSize.append(1)
        height.append(0)
        expandedTotal += 1
        if tag >= 0 { checkScalarTag(names[Int(tag)], text: text, style: style, at: start) }
        registerAnchor(data.anchor, index)
        attach(index)
        return true
    }

    private mutating func openCollection(
        _ kind: YAMLNode.Kind, flow: Bool, anchor: UnsafeMutablePointer<yaml_char_t>?,
        tag rawTag: UnsafeMutablePointer<yaml_char_t>?, _ event: yaml_event_t
    ) -> Bool {
        let start = packed(event.start_mark)
        guard frames.count < options.maxDepth else {
            return fail(
                YAMLError(
                    .depthLimit, "nesting is deeper than \(options.maxDepth) levels", at: mark(start),
                    notes: [.init("flatten the structure; no playbook needs this depth")]))
        }
        guard reserveNode(at: start) else { return false }
        let tag = intern(rawTag)
        if tag >= 0 {
            let tagName = names[Int(tag)]
            checkAllowed(tagName, at: start)
            let expected = kind == .sequence ? CoreTag.seq : CoreTag.map
            if options.tagPolicy == .coreSchema, CoreTag.allowed.contains(tagName), tagName != expected, tagName != CoreTag.nonSpecific {
                errors.append(YAMLError(.tagMismatch, "tag '\(Self.shortTag(tagName))' cannot go on a \(kind == .sequence ? "sequence" : "mapping")", at: mark(start)))
            }
        }
        let index = Int32(nodes.count)
        nodes.append(
            NodeRecord(
                kind: kind, style: flow ? CollectionStyle.flow.rawValue : CollectionStyle.block.rawValue, tag: tag,
                anchor: intern(anchor), payload: 0, childStart: 0, childCount: -1, start: start, end: start))
        expandedSize.append(1)
        height.append(1)
        expandedTotal += 1
        registerAnchor(anchor, index)
        frames.append(Frame(node: index, pendingStart: pending.count))
        return true
    }

    private mutating func closeCollection(_ event: yaml_event_t) {
        guard let frame = frames.popLast() else { return }
        let node = Int(frame.node)
        let childStart = children.count
        var size = 1
        var tallest: Int32 = 0
        for child in pending[frame.pendingStart...] {
            children.append(child)
            size = Self.saturatingAdd(size, expandedSize[Int(child)])
            tallest = max(tallest, height[Int(child)])
        }
        pending.removeSubrange(frame.pendingStart...)
        nodes[node].childStart = Int32(childStart)
        nodes[node].childCount = Int32(children.count - childStart)
        nodes[node].end = packed(event.end_mark)
        expandedSize[node] = size
        height[node] = tallest + 1
        if nodes[node].kind == .mapping { checkKeys(childStart..<children.count) }
        attach(frame.node)
    }

    private mutating func addAlias(_ event: yaml_event_t) -> Bool {
        let start = packed(event.start_mark)
        let name = event.data.alias.anchor.map { String(cString: $0) } ?? ""
        guard let target = anchors[name] else {
            let problem: YAMLError
            if earlierAnchors.contains(name) {
                problem = YAMLError(
                    .aliasAcrossDocuments, "alias '*\(name)' refers to an anchor in an earlier document; anchors do not cross '---'",
                    at: mark(start), length: name.count + 1)
            } else {
                problem = YAMLError(.undefinedAlias, "alias '*\(name)' has no anchor '&\(name)' before it", at: mark(start), length: name.count + 1)
            }
            errors.append(problem)
            return addPlaceholder(at: start, end: packed(event.end_mark))
        }
        if nodes[Int(target)].childCount < 0 {
            errors.append(
                YAMLError(
                    .recursiveAlias, "alias '*\(name)' is inside the node it refers to, which would make it infinite",
                    at: mark(start), length: name.count + 1, notes: [.init("'&\(name)' is defined here", at: mark(nodes[Int(target)].start))]))
            return addPlaceholder(at: start, end: packed(event.end_mark))
        }
        guard reserveNode(at: start) else { return false }
        expandedTotal = Self.saturatingAdd(expandedTotal, expandedSize[Int(target)])
        let budget = max(options.aliasExpansionFloor, options.aliasExpansionFactor * nodes.count)
        guard expandedTotal <= budget else {
            return fail(
                YAMLError(
                    .aliasBudgetExceeded,
                    "aliases would expand this document to more than \(budget) nodes; this looks like a 'billion laughs' attack",
                    at: mark(start), length: name.count + 1))
        }
        guard frames.count + Int(height[Int(target)]) <= options.maxDepth else {
            return fail(YAMLError(.depthLimit, "alias '*\(name)' expands to nesting deeper than \(options.maxDepth) levels", at: mark(start)))
        }
        let index = Int32(nodes.count)
        nodes.append(
            NodeRecord(
                kind: .alias, style: 0, tag: -1, anchor: -1, payload: target, childStart: 0, childCount: 0, start: start,
                end: packed(event.end_mark)))
        expandedSize.append(expandedSize[Int(target)])
        height.append(height[Int(target)])
        attach(index)
        return true
    }

    /// A null scalar standing in for a bad alias, so the rest of the document can still be read.
    private mutating func addPlaceholder(at start: MarkTranslator.Packed, end: MarkTranslator.Packed) -> Bool {
        guard reserveNode(at: start) else { return false }
        let index = Int32(nodes.count)
        scalars.append("")
        nodes.append(
            NodeRecord(
                kind: .scalar, style: ScalarStyle.plain.rawValue, tag: -1, anchor: -1, payload: Int32(scalars.count - 1),
                childStart: 0, childCount: 0, start: start, end: end))
        expandedSize.append(1)
        height.append(0)
        expandedTotal += 1
        attach(index)
        return true
    }

    private mutating func attach(_ index: Int32) {
        if !frames.isEmpty { pending.append(index) }
    }

    private mutating func reserveNode(at start: MarkTranslator.Packed) -> Bool {
        guard nodes.count < options.maxNodes else {
            return fail(YAMLError(.nodeLimit, "the document has more than \(options.maxNodes) nodes", at: mark(start)))
        }
        return true
    }

    private mutating func registerAnchor(_ raw: UnsafeMutablePointer<yaml_char_t>?, _ index: Int32) {
        guard let raw else { return }
        anchors[String(cString: raw)] = index
    }

    // MARK: Policies

    private mutating func checkKeys(_ range: Range<Int>) {
        var seen: [String: (mark: MarkTranslator.Packed, text: String)] = [:]
        for position in stride(from: range.lowerBound, to: range.upperBound, by: 2) {
            let key = children[position]
            var resolvedKey = key
            if nodes[Int(key)].kind == .alias { resolvedKey = nodes[Int(key)].payload }
            let record = nodes[Int(resolvedKey)]
            guard record.kind == .scalar else { continue }
            let scalar = YAMLScalar(
                text: scalars[Int(record.payload)], style: ScalarStyle(rawValue: record.style) ?? .plain,
                tag: record.tag < 0 ? nil : names[Int(record.tag)])
            if options.rejectsMergeKeys, scalar.style == .plain, scalar.text == "<<", scalar.tag == nil || scalar.tag == "tag:yaml.org,2002:merge" {
                errors.append(
                    YAMLError(
                        .mergeKey, "merge keys ('<<') are not supported: they hide where a value comes from",
                        at: mark(nodes[Int(key)].start), length: 2,
                        notes: [.init("write the keys out, or put settings shared by all steps under 'defaults:'")]))
                continue
            }
            let identity = scalar.identity
            if let first = seen[identity] {
                errors.append(
                    YAMLError(
                        .duplicateKey, "duplicate key '\(scalar.text)' in this mapping", at: mark(nodes[Int(key)].start),
                        length: max(1, scalar.text.count),
                        notes: [.init("'\(first.text)' is first defined here", at: mark(first.mark))]))
            } else {
                seen[identity] = (nodes[Int(key)].start, scalar.text)
            }
        }
    }

    private mutating func checkScalarTag(_ tag: String, text: String, style: ScalarStyle, at start: MarkTranslator.Packed) {
        checkAllowed(tag, at: start)
        guard options.tagPolicy == .coreSchema else { return }
        let fits: Bool
        switch tag {
        case CoreTag.null: fits = CoreSchema.isNull(text)
        case CoreTag.bool: fits = CoreSchema.bool(text) != nil
        case CoreTag.int: fits = CoreSchema.isInteger(text)
        case CoreTag.float: fits = CoreSchema.isFloat(text) || CoreSchema.isInteger(text)
        case CoreTag.seq, CoreTag.map: fits = false
        default: fits = true
        }
        if !fits {
            errors.append(YAMLError(.tagMismatch, "'\(text)' is not a valid '\(Self.shortTag(tag))' value", at: mark(start)))
        }
    }

    private mutating func checkAllowed(_ tag: String, at start: MarkTranslator.Packed) {
        guard options.tagPolicy == .coreSchema, !CoreTag.allowed.contains(tag) else { return }
        errors.append(
            YAMLError(
                .disallowedTag, "tag '\(Self.shortTag(tag))' is not allowed; playbooks use only the YAML core schema",
                at: mark(start), length: Self.shortTag(tag).count,
                notes: [.init("allowed: !!str, !!int, !!bool, !!null, !!float, !!seq, !!map")]))
    }

    static func shortTag(_ tag: String) -> String {
        tag.hasPrefix("tag:yaml.org,2002:") ? "!!" + tag.dropFirst("tag:yaml.org,2002:".count) : tag
    }

    // MARK: Helpers

    private mutating func fail(_ error: YAMLError) -> Bool {
        errors.append(error)
        return false
    }

    private mutating func intern(_ raw: UnsafeMutablePointer<yaml_char_t>?) -> Int32 {
        guard let raw else { return -1 }
        let name = String(cString: raw)
        if let index = nameIndex[name] { return index }
        let index = Int32(names.count)
        names.append(name)
        nameIndex[name] = index
        return index
    }

    private mutating func packed(_ mark: yaml_mark_t) -> MarkTranslator.Packed {
        translator.packed(line: mark.line, column: mark.column, characterIndex: mark.index)
    }

    private mutating func mark(_ mark: yaml_mark_t) -> SourceMark {
        SourceMark(file: source.path, packed: packed(mark))
    }

    private func mark(_ packed: MarkTranslator.Packed) -> SourceMark {
        SourceMark(file: source.path, packed: packed)
    }

    private static func saturatingAdd(_ a: Int, _ b: Int) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? Int.max : sum
    }
}

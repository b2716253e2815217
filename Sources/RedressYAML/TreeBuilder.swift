import CYAML
import RedressDiagnostics

/// Builds node tables from libyaml events, enforcing limits and policies as events arrive.
///
/// Everything is iterative: open collections sit on `frames`, finished children on `pending`.
/// Problems that leave the tree usable (duplicate keys, disallowed tags, bad aliases) are
/// collected and building goes on; problems that make going on unsafe (limits, alias budget)
/// stop it.
struct TreeBuilder {
    private struct Extent {
        var size: Int
        var height: Int32
    }

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
    private var text: [UInt8] = []
    private var names: [String] = []
    private var nameIndex: [String: Int32] = [:]
    private var pending: [Int32] = []
    private var frames: [Frame] = []
    /// Per node: its size and nesting height with aliases expanded (for the alias budget).
    private var extents: [Extent] = []
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
        // The previous document's storage owns the old arrays; size the new ones from the input
        // (about one node per 12 bytes of playbook text) so they rarely grow.
        let estimate = source.bytes.count / 12 + 16
        nodes = []
        nodes.reserveCapacity(estimate)
        children = []
        children.reserveCapacity(estimate)
        text = []
        text.reserveCapacity(source.bytes.count / 2)
        names.removeAll(keepingCapacity: true)
        nameIndex.removeAll(keepingCapacity: true)
        extents.removeAll(keepingCapacity: true)
        extents.reserveCapacity(estimate)
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
        let storage = YAMLDocumentStorage(source: source, nodes: nodes, children: children, text: text, names: names)
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
        let textStart = text.count
        if let value = data.value, data.length > 0 {
            text.append(contentsOf: UnsafeBufferPointer(start: value, count: data.length))
        }
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
        nodes.append(
            NodeRecord(
                kind: .scalar, style: style.rawValue, tag: tag, anchor: intern(data.anchor), payload: 0,
                childStart: Int32(textStart), childCount: Int32(data.length), start: start, end: packed(event.end_mark)))
        extents.append(Extent(size: 1, height: 0))
        expandedTotal += 1
        if tag >= 0 {
            checkScalarTag(names[Int(tag)], text: String(decoding: text[textStart...], as: UTF8.self), at: start)
        }
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
        extents.append(Extent(size: 1, height: 1))
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
            size = Self.saturatingAdd(size, extents[Int(child)].size)
            tallest = max(tallest, extents[Int(child)].height)
        }
        pending.removeSubrange(frame.pendingStart...)
        nodes[node].childStart = Int32(childStart)
        nodes[node].childCount = Int32(children.count - childStart)
        nodes[node].end = packed(event.end_mark)
        extents[node] = Extent(size: size, height: tallest + 1)
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
        let targetExtent = extents[Int(target)]
        expandedTotal = Self.saturatingAdd(expandedTotal, targetExtent.size)
        let budget = max(options.aliasExpansionFloor, options.aliasExpansionFactor * nodes.count)
        guard expandedTotal <= budget else {
            return fail(
                YAMLError(
                    .aliasBudgetExceeded,
                    "aliases would expand this document to more than \(budget) nodes; this looks like a 'billion laughs' attack",
                    at: mark(start), length: name.count + 1))
        }
        guard frames.count + Int(targetExtent.height) <= options.maxDepth else {
            return fail(YAMLError(.depthLimit, "alias '*\(name)' expands to nesting deeper than \(options.maxDepth) levels", at: mark(start)))
        }
        let index = Int32(nodes.count)
        nodes.append(
            NodeRecord(
                kind: .alias, style: 0, tag: -1, anchor: -1, payload: target, childStart: 0, childCount: 0, start: start,
                end: packed(event.end_mark)))
        extents.append(targetExtent)
        attach(index)
        return true
    }

    /// A null scalar standing in for a bad alias, so the rest of the document can still be read.
    private mutating func addPlaceholder(at start: MarkTranslator.Packed, end: MarkTranslator.Packed) -> Bool {
        guard reserveNode(at: start) else { return false }
        let index = Int32(nodes.count)
        nodes.append(
            NodeRecord(
                kind: .scalar, style: ScalarStyle.plain.rawValue, tag: -1, anchor: -1, payload: 0,
                childStart: Int32(text.count), childCount: 0, start: start, end: end))
        extents.append(Extent(size: 1, height: 0))
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

    /// What makes two keys the same key: equal bytes for strings (`a` and `"a"`), the canonical
    /// value for the core schema's other types (`true` and `True`).
    private enum KeyIdentity: Equatable {
        case bytes(Range<Int>)
        case value(String)
        case notAScalar
    }

    private func keyIdentity(_ key: Int32) -> KeyIdentity {
        var node = nodes[Int(key)]
        if node.kind == .alias { node = nodes[Int(node.payload)] }
        guard node.kind == .scalar else { return .notAScalar }
        let range = Int(node.childStart)..<Int(node.childStart + node.childCount)
        // Plain untagged words are strings, decided by their first byte without building a String.
        if node.tag < 0, node.style == ScalarStyle.plain.rawValue, let first = range.first.map({ text[$0] }), !Self.mayResolve(first) {
            return .bytes(range)
        }
        let scalar = YAMLScalar(
            text: String(decoding: text[range], as: UTF8.self), style: ScalarStyle(rawValue: node.style) ?? .plain,
            tag: node.tag < 0 ? nil : names[Int(node.tag)])
        if case .string = scalar.resolved { return .bytes(range) }
        return .value(scalar.identity)
    }

    private func sameKey(_ lhs: KeyIdentity, _ rhs: KeyIdentity) -> Bool {
        switch (lhs, rhs) {
        case (.bytes(let a), .bytes(let b)): return a.count == b.count && text[a].elementsEqual(text[b])
        case (.value(let a), .value(let b)): return a == b
        default: return false
        }
    }

    private static func mayResolve(_ first: UInt8) -> Bool {
        switch first {
        case UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "~"), UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: "f"),
            UInt8(ascii: "F"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."),
            UInt8(ascii: "<"):
            return true
        default:
            return false
        }
    }

    private mutating func checkKeys(_ range: Range<Int>) {
        let keyPositions = stride(from: range.lowerBound, to: range.upperBound, by: 2)
        // Pairwise comparison allocates nothing and wins for the small mappings playbooks are
        // made of; large mappings fall back to hashing.
        var hashed: [String: Int]? = range.count > 32 ? [:] : nil
        for position in keyPositions {
            let key = children[position]
            let identity = keyIdentity(key)
            guard identity != .notAScalar else { continue }
            if options.rejectsMergeKeys, isMergeKey(key) {
                errors.append(
                    YAMLError(
                        .mergeKey, "merge keys ('<<') are not supported: they hide where a value comes from",
                        at: mark(nodes[Int(key)].start), length: 2,
                        notes: [.init("write the keys out, or put settings shared by all steps under 'defaults:'")]))
                continue
            }
            var firstPosition: Int?
            if hashed != nil {
                let hashKey: String
                switch identity {
                case .bytes(let bytes): hashKey = String(decoding: text[bytes], as: UTF8.self)
                case .value(let value): hashKey = value
                case .notAScalar: continue
                }
                firstPosition = hashed?[hashKey]
                if firstPosition == nil { hashed?[hashKey] = position }
            } else {
                for earlier in stride(from: range.lowerBound, to: position, by: 2) where sameKey(keyIdentity(children[earlier]), identity) {
                    firstPosition = earlier
                    break
                }
            }
            guard let firstPosition else { continue }
            let first = nodes[Int(children[firstPosition])]
            let keyText = keyDisplayText(key)
            errors.append(
                YAMLError(
                    .duplicateKey, "duplicate key '\(keyText)' in this mapping", at: mark(nodes[Int(key)].start),
                    length: max(1, keyText.count),
                    notes: [.init("'\(keyDisplayText(children[firstPosition]))' is first defined here", at: mark(first.start))]))
        }
    }

    private func isMergeKey(_ key: Int32) -> Bool {
        let node = nodes[Int(key)]
        guard node.kind == .scalar, node.style == ScalarStyle.plain.rawValue, node.childCount == 2 else { return false }
        let start = Int(node.childStart)
        guard text[start] == UInt8(ascii: "<"), text[start + 1] == UInt8(ascii: "<") else { return false }
        return node.tag < 0 || names[Int(node.tag)] == "tag:yaml.org,2002:merge"
    }

    private func keyDisplayText(_ key: Int32) -> String {
        var node = nodes[Int(key)]
        if node.kind == .alias { node = nodes[Int(node.payload)] }
        return String(decoding: text[Int(node.childStart)..<Int(node.childStart + node.childCount)], as: UTF8.self)
    }

    private mutating func checkScalarTag(_ tag: String, text: String, at start: MarkTranslator.Packed) {
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

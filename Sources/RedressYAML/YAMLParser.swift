import CYAML
import RedressDiagnostics

/// Parses YAML text through libyaml into documents of marked nodes.
///
/// Contract: never crashes, never hangs and never recurses on input depth, whatever the bytes;
/// every limit in `options` is enforced while libyaml's events stream in, so hostile input fails
/// after reading only as much as it takes to notice. Problems come back as `YAMLError`s, all of
/// them where the parse can go on.
public struct YAMLParser: Sendable {
    /// Limits and policies.
    public var options: YAMLParserOptions

    /// Creates a parser; the default options are the playbook policy.
    public init(options: YAMLParserOptions = YAMLParserOptions()) {
        self.options = options
    }

    /// Parses every document of a stream (`---` separated).
    public func parseStream(_ source: SourceFile) -> YAMLParseResult {
        parse(source, singleDocument: false)
    }

    /// Parses a file that must hold exactly one non-empty document; with `requireMapping`, its top
    /// level must also be a mapping (as playbooks, tests and manifests must be).
    public func parseDocument(_ source: SourceFile, requireMapping: Bool = false) -> YAMLParseResult {
        var result = parse(source, singleDocument: true)
        guard result.errors.allSatisfy({ $0.code != .syntax && $0.code != .multipleDocuments }) else { return result }
        guard let document = result.documents.first, !Self.isEmpty(document) else {
            if !result.errors.contains(where: { Self.stopsBeforeAnyDocument($0.code) }) {
                result.errors.append(
                    YAMLError(.emptyDocument, "the file is empty or holds only comments", at: source.mark(atByteOffset: 0)))
            }
            result.documents = []
            return result
        }
        if requireMapping, document.root.resolved.kind != .mapping {
            let root = document.root
            let found = root.resolved.kind == .sequence ? "a sequence" : "a scalar"
            result.errors.append(
                YAMLError(.notAMapping, "the top level must be a mapping of 'key: value' lines; found \(found)", at: root.mark, length: root.underlineLength))
        }
        return result
    }

    /// Reads and parses one file from disk with `parseDocument`.
    public func parseFile(atPath path: String, requireMapping: Bool = false) -> (source: SourceFile, result: YAMLParseResult) {
        do {
            let source = try FileReader.load(path: path, limit: options.maxFileSize)
            return (source, parseDocument(source, requireMapping: requireMapping))
        } catch {
            let source = SourceFile(path: path, bytes: [])
            return (source, YAMLParseResult(documents: [], errors: [error.yamlError(path: path)]))
        }
    }

    private func parse(_ source: SourceFile, singleDocument: Bool) -> YAMLParseResult {
        var result = YAMLParseResult(documents: [], errors: [])
        guard source.bytes.count <= options.maxFileSize else {
            result.errors.append(
                YAMLError(.fileTooLarge, "the file is \(source.bytes.count) bytes; the limit is \(options.maxFileSize)", at: source.mark(atByteOffset: 0)))
            return result
        }
        let check = InputCheck(source)
        if let error = check.error {
            result.errors.append(error)
            return result
        }
        let translator = MarkTranslator(bytes: source.bytes, bomLength: check.bomLength, isASCII: check.isASCII)
        return source.bytes.withUnsafeBufferPointer { buffer in
            readEvents(
                from: UnsafeBufferPointer(rebasing: buffer[check.bomLength...]), source: source, singleDocument: singleDocument,
                translator: translator, bomLength: check.bomLength)
        }
    }

    /// The event loop; `input` must stay valid until it returns (it is `source`'s own bytes).
    private func readEvents(
        from input: UnsafeBufferPointer<UInt8>, source: SourceFile, singleDocument: Bool, translator: MarkTranslator,
        bomLength: Int
    ) -> YAMLParseResult {
        var result = YAMLParseResult(documents: [], errors: [])
        // An empty stream has no documents; libyaml is not needed to say so.
        guard !input.isEmpty else { return result }
        guard var stream = LibYAMLEventStream(input: input) else {
            result.errors.append(YAMLError(.syntax, "could not start the YAML parser", at: source.mark(atByteOffset: 0)))
            return result
        }
        var builder = TreeBuilder(source: source, options: options, translator: translator)
        loop: while true {
            guard let event = stream.next() else {
                var translator = builder.translator
                result.errors = builder.errors
                result.errors.append(stream.failure(in: source, translator: &translator, bomLength: bomLength))
                return result
            }
            if event.pointee.type == YAML_STREAM_END_EVENT { break }
            if singleDocument, event.pointee.type == YAML_DOCUMENT_START_EVENT, !result.documents.isEmpty {
                var translator = builder.translator
                let start = event.pointee.start_mark
                let mark = translator.mark(file: source.path, line: start.line, column: start.column, characterIndex: start.index)
                result.errors = builder.errors
                result.errors.append(
                    YAMLError(
                        .multipleDocuments, "the file holds more than one YAML document; put each playbook in a file of its own",
                        at: mark, length: 3, notes: [.init("the first document starts here", at: result.documents[0].startMark)]))
                return result
            }
            switch builder.consume(event) {
            case .proceed: continue
            case .documentFinished(let document): result.documents.append(document)
            case .stop: break loop
            }
        }
        result.errors = builder.errors.sorted { $0.mark < $1.mark }
        return result
    }

    private static func isEmpty(_ document: YAMLDocument) -> Bool {
        let root = document.root
        guard root.kind == .scalar, let scalar = root.scalar else { return false }
        return scalar.style == .plain && scalar.text.isEmpty && scalar.tag == nil
    }

    private static func stopsBeforeAnyDocument(_ code: YAMLErrorCode) -> Bool {
        switch code {
        case .fileTooLarge, .invalidUTF8, .nulByte, .utf16WithoutBOM, .unsupportedEncoding, .unreadable, .depthLimit,
            .nodeLimit, .scalarTooLong, .aliasBudgetExceeded:
            return true
        default:
            return false
        }
    }
}

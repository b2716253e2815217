import CYAML
import RedressDiagnostics

/// Owns one libyaml parser over a caller's buffer and hands out its events one at a time.
///
/// The parser lives at a fixed heap address because libyaml keeps a pointer to itself once an
/// input is set; a Swift local would not do. libyaml reads the caller's bytes in place, so the
/// stream must not outlive the buffer it was given (callers create it inside
/// `withUnsafeBufferPointer`). Events are freed as soon as the caller is done with them.
struct LibYAMLEventStream: ~Copyable {
    private let parser: UnsafeMutablePointer<yaml_parser_t>
    private let event: UnsafeMutablePointer<yaml_event_t>
    private var hasEvent = false

    /// Starts a parser over `input`, which must stay valid for the stream's whole life; `nil` for
    /// an input without an address (empty) or when libyaml cannot start.
    init?(input: UnsafeBufferPointer<UInt8>) {
        guard let base = input.baseAddress else { return nil }
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        guard yaml_parser_initialize(parser) == 1 else {
            parser.deallocate()
            return nil
        }
        yaml_parser_set_input_string(parser, base, input.count)
        self.parser = parser
        self.event = .allocate(capacity: 1)
    }

    deinit {
        if hasEvent { yaml_event_delete(event) }
        yaml_parser_delete(parser)
        parser.deallocate()
        event.deallocate()
    }

    /// Advances to the next event; `nil` once libyaml reports an error (read it with `failure`).
    mutating func next() -> UnsafePointer<yaml_event_t>? {
        if hasEvent {
            yaml_event_delete(event)
            hasEvent = false
        }
        guard yaml_parser_parse(parser, event) == 1 else { return nil }
        hasEvent = true
        return UnsafePointer(event)
    }

    /// The error libyaml stopped on, as a `YAMLError` with its problem and context marks.
    func failure(in source: SourceFile, translator: inout MarkTranslator, bomLength: Int) -> YAMLError {
        let state = parser.pointee
        let problem = state.problem.map { String(cString: $0) } ?? "the YAML parser failed"
        if state.error == YAML_READER_ERROR {
            return YAMLError(.syntax, problem, at: source.mark(atByteOffset: bomLength + state.problem_offset))
        }
        if state.error == YAML_MEMORY_ERROR {
            return YAMLError(.syntax, "out of memory while parsing", at: source.mark(atByteOffset: 0))
        }
        let problemMark = translator.mark(
            file: source.path, line: state.problem_mark.line, column: state.problem_mark.column,
            characterIndex: state.problem_mark.index)
        let hints = Self.hint(problem, at: problemMark.offset, in: source.bytes).map { [Diagnostic.Note($0)] } ?? []
        guard let contextText = state.context.map({ String(cString: $0) }) else {
            return YAMLError(.syntax, problem, at: problemMark, notes: hints)
        }
        let contextMark = translator.mark(
            file: source.path, line: state.context_mark.line, column: state.context_mark.column,
            characterIndex: state.context_mark.index)
        // When libyaml ran into the end of the file (an unclosed bracket or quote), the place to
        // look is where the unclosed thing began; otherwise it is where the problem was noticed.
        if problemMark.offset >= Self.endOfContent(source.bytes) {
            return YAMLError(
                .syntax, "\(problem) \(contextText) that starts here", at: contextMark,
                notes: [.init("the file ends here, before it is closed", at: problemMark)])
        }
        return YAMLError(.syntax, problem, at: problemMark, notes: [.init("\(contextText) that starts here", at: contextMark)] + hints)
    }

    /// Advice in people's words for libyaml's commonest complaints, which name the parser's
    /// state rather than the author's mistake.
    static func hint(_ problem: String, at offset: Int, in bytes: [UInt8]) -> String? {
        let lineStart = bytes[..<min(offset, bytes.count)].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        let indentation = bytes[lineStart..<min(offset + 1, bytes.count)].prefix { $0 == 0x20 || $0 == 0x09 }
        if (offset < bytes.count && bytes[offset] == 0x09) || indentation.contains(0x09) || problem.contains("tab") {
            return "tabs cannot indent YAML: indent with spaces"
        }
        if problem.contains("mapping values are not allowed") {
            return "a ':' where a value was expected: a key indented wrongly (keys under 'with:' go two spaces further in), or a value with ': ' that needs quotes"
        }
        if problem.contains("did not find expected key") || problem.contains("did not find expected '-'") {
            return "check the indentation: the keys of one mapping, and the '-' of one list, start at the same column"
        }
        return nil
    }

    /// The offset just past the last byte that is not white space.
    private static func endOfContent(_ bytes: [UInt8]) -> Int {
        var end = bytes.count
        while end > 0, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[end - 1]) { end -= 1 }
        return end
    }
}

import CYAML
import RedressDiagnostics

/// Owns one libyaml parser over an in-memory buffer and hands out its events one at a time.
///
/// The parser lives at a fixed heap address because libyaml keeps a pointer to itself once an
/// input is set; a Swift local would not do. Events are freed as soon as the caller is done.
struct LibYAMLEventStream: ~Copyable {
    private let parser: UnsafeMutablePointer<yaml_parser_t>
    private let event: UnsafeMutablePointer<yaml_event_t>
    private let input: UnsafeMutableBufferPointer<UInt8>
    private var hasEvent = false

    /// Copies `bytes[offset...]` so the stream owns its input for its whole life.
    init?(bytes: [UInt8], from offset: Int) {
        parser = .allocate(capacity: 1)
        event = .allocate(capacity: 1)
        // One spare byte keeps the buffer non-empty so its base address always exists.
        input = .allocate(capacity: bytes.count - offset + 1)
        _ = input.initialize(from: bytes[offset...])
        guard yaml_parser_initialize(parser) == 1, let base = input.baseAddress else {
            parser.deallocate()
            event.deallocate()
            input.deallocate()
            return nil
        }
        yaml_parser_set_input_string(parser, base, bytes.count - offset)
    }

    deinit {
        if hasEvent { yaml_event_delete(event) }
        yaml_parser_delete(parser)
        parser.deallocate()
        event.deallocate()
        input.deallocate()
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
        guard let contextText = state.context.map({ String(cString: $0) }) else {
            return YAMLError(.syntax, problem, at: problemMark)
        }
        let contextMark = translator.mark(
            file: source.path, line: state.context_mark.line, column: state.context_mark.column,
            characterIndex: state.context_mark.index)
        // The context (where the open bracket or block began) is where a person should look;
        // the problem mark is often the end of the file.
        return YAMLError(.syntax, "\(problem), \(contextText) that starts here", at: contextMark, problemMark: problemMark)
    }
}

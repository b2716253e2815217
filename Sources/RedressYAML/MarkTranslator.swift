import RedressDiagnostics

/// The one place where libyaml's marks become `SourceMark`s.
///
/// libyaml counts lines and columns from 0 and its `index` in characters, not bytes. Lines and
/// columns get 1 added here; the byte offset is found by walking forward from the previous mark,
/// which is amortised O(1) because events arrive in source order (a backwards jump, as error
/// contexts make, restarts the walk).
struct MarkTranslator {
    /// Compact form stored in node records.
    struct Packed: Sendable, Hashable {
        var line: Int32
        var column: Int32
        var offset: Int32
    }

    private let bytes: [UInt8]
    private let base: Int
    private let isASCII: Bool
    private var characterCursor = 0
    private var byteCursor: Int

    init(bytes: [UInt8], bomLength: Int, isASCII: Bool) {
        self.bytes = bytes
        self.base = bomLength
        self.isASCII = isASCII
        self.byteCursor = bomLength
    }

    /// Translates libyaml's 0-based (line, column, character index).
    mutating func packed(line: Int, column: Int, characterIndex: Int) -> Packed {
        Packed(
            line: Int32(clamping: line + 1), column: Int32(clamping: column + 1),
            offset: Int32(clamping: byteOffset(ofCharacter: characterIndex)))
    }

    /// A full mark in `file`.
    mutating func mark(file: String, line: Int, column: Int, characterIndex: Int) -> SourceMark {
        SourceMark(file: file, line: line + 1, column: column + 1, offset: byteOffset(ofCharacter: characterIndex))
    }

    private mutating func byteOffset(ofCharacter target: Int) -> Int {
        if isASCII { return min(base + target, bytes.count) }
        if target < characterCursor {
            characterCursor = 0
            byteCursor = base
        }
        bytes.withUnsafeBytes { raw in
            let count = raw.count
            while characterCursor < target, byteCursor < count {
                // Eight ASCII bytes are eight characters: skip them in one step.
                if target - characterCursor >= 8, byteCursor + 8 <= count,
                    raw.loadUnaligned(fromByteOffset: byteCursor, as: UInt64.self) & 0x8080_8080_8080_8080 == 0
                {
                    byteCursor += 8
                    characterCursor += 8
                    continue
                }
                byteCursor += 1
                while byteCursor < count, raw[byteCursor] & 0xC0 == 0x80 { byteCursor += 1 }
                characterCursor += 1
            }
        }
        return byteCursor
    }
}

extension SourceMark {
    init(file: String, packed: MarkTranslator.Packed) {
        self.init(file: file, line: Int(packed.line), column: Int(packed.column), offset: Int(packed.offset))
    }
}

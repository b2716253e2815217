import RedressDiagnostics

/// One pass over a file's bytes before libyaml sees them: encoding, NUL bytes and UTF-8 validity.
///
/// libyaml detects some of these too, but reports a character index without a line; doing it
/// here gives an exact `line:col` and a precise code. The pass also learns whether the text is
/// pure ASCII, which lets `MarkTranslator` skip all work.
struct InputCheck {
    /// Bytes of a UTF-8 byte order mark at the start (0 or 3).
    private(set) var bomLength = 0
    /// Whether every byte after the BOM is ASCII.
    private(set) var isASCII = true
    /// The first problem found, if any.
    private(set) var error: YAMLError?

    init(_ source: SourceFile) {
        let bytes = source.bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            bomLength = 3
        } else if bytes.starts(with: [0xFE, 0xFF]) || bytes.starts(with: [0xFF, 0xFE])
            || bytes.starts(with: [0x00, 0x00, 0xFE, 0xFF])
        {
            error = YAMLError(
                .unsupportedEncoding, "the file is UTF-16 or UTF-32; save it as UTF-8",
                at: source.mark(atByteOffset: 0))
            return
        } else if bytes.count >= 2, bytes[0] == 0 || bytes[1] == 0 {
            error = YAMLError(
                .utf16WithoutBOM,
                "the file looks like UTF-16 or UTF-32 without a byte order mark; save it as UTF-8",
                at: source.mark(atByteOffset: 0))
            return
        }
        if let (offset, isNUL) = Self.firstProblem(in: bytes, from: bomLength, isASCII: &isASCII) {
            let mark = source.mark(atByteOffset: offset)
            error =
                isNUL
                ? YAMLError(
                    .nulByte, "the file contains a NUL byte; write \"\\0\" inside a double-quoted string instead",
                    at: mark)
                : YAMLError(.invalidUTF8, "invalid UTF-8 byte 0x\(String(bytes[offset], radix: 16, uppercase: true))", at: mark)
        }
    }

    /// The offset of the first NUL byte or invalid UTF-8 sequence, and which of the two it is.
    private static func firstProblem(in bytes: [UInt8], from start: Int, isASCII: inout Bool) -> (Int, Bool)? {
        bytes.withUnsafeBufferPointer { buffer in
            var index = start
            let count = buffer.count
            let raw = UnsafeRawBufferPointer(buffer)
            while index < count {
                // Fast path: eight ASCII bytes with no NUL among them.
                if index + 8 <= count {
                    let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                    let hasHighBit = word & 0x8080_8080_8080_8080 != 0
                    let hasZeroByte = (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080 != 0
                    if !hasHighBit, !hasZeroByte {
                        index += 8
                        continue
                    }
                }
                let byte = buffer[index]
                if byte < 0x80 {
                    if byte == 0 { return (index, true) }
                    index += 1
                    continue
                }
                isASCII = false
                let width = Self.validSequenceWidth(buffer, at: index)
                if width == 0 { return (index, false) }
                index += width
            }
            return nil
        }
    }

    /// The width of a well-formed UTF-8 sequence at `index` (no overlongs, surrogates or values
    /// past U+10FFFF), or 0 when it is ill-formed.
    private static func validSequenceWidth(_ buffer: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let lead = buffer[index]
        let width: Int
        var lower: UInt8 = 0x80
        var upper: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: width = 2
        case 0xE0: width = 3; lower = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: width = 3
        case 0xED: width = 3; upper = 0x9F
        case 0xF0: width = 4; lower = 0x90
        case 0xF1...0xF3: width = 4
        case 0xF4: width = 4; upper = 0x8F
        default: return 0
        }
        guard index + width <= buffer.count else { return 0 }
        let second = buffer[index + 1]
        guard second >= lower, second <= upper else { return 0 }
        for offset in 2..<width where buffer[index + offset] & 0xC0 != 0x80 { return 0 }
        return width
    }
}

import Foundation
import RedressEngine
import RedressPlaybook

/// A pull reader for the JSON documents the store keeps (RFC 8259, UTF-8): the caller asks for
/// the shape it expects (`object`, `string`, `double`...) and the reader checks it, so a
/// document is read straight into its Swift type without an intermediate tree.
///
/// Contract: accepts every document `StoredJSON` or `JSONEncoder` writes for the stored types
/// (escapes such as `\/` and `\u00e9` included, any key order, unknown keys skipped); anything
/// else (truncated, malformed, wrong type, nesting deeper than `maximumDepth`) throws
/// `StoredJSONReader.Failure` with its byte offset. It never traps on input.
struct StoredJSONReader {
    /// Why a document could not be read.
    struct Failure: Error, CustomStringConvertible {
        /// Byte offset in the document.
        let offset: Int
        /// What was wrong.
        let message: String

        var description: String { "\(message) at byte \(offset)" }
    }

    /// Values nest (lists of objects of lists); a corrupted file must not exhaust the stack.
    static let maximumDepth = 256

    private let bytes: [UInt8]
    private var index = 0
    private var depth = 0

    init(_ data: Data) {
        bytes = [UInt8](data)
    }

    // MARK: Structure

    /// Reads an object, calling `field` with each key; `field` must read the key's value.
    mutating func object(_ field: (inout StoredJSONReader, String) throws -> Void) throws {
        try container(open: "{", close: "}", kind: "an object") { reader in
            let key = try reader.string()
            try reader.expect(UInt8(ascii: ":"))
            try field(&reader, key)
        }
    }

    /// Reads an array, calling `element` for each item; `element` must read it.
    mutating func array(_ element: (inout StoredJSONReader) throws -> Void) throws {
        try container(open: "[", close: "]", kind: "an array", element)
    }

    /// The shared frame of objects and arrays: the brackets, the commas, the depth limit.
    private mutating func container(
        open: Unicode.Scalar, close: Unicode.Scalar, kind: String, _ member: (inout StoredJSONReader) throws -> Void
    ) throws {
        let closing = UInt8(ascii: close)
        try expect(UInt8(ascii: open))
        try enter()
        defer { depth -= 1 }
        skipSpace()
        if peek() == closing {
            index += 1
            return
        }
        while true {
            skipSpace()
            try member(&self)
            skipSpace()
            guard let byte = next() else { throw failure("unterminated \(kind)") }
            if byte == closing { return }
            guard byte == UInt8(ascii: ",") else { throw failure("expected ',' or '\(Character(close))' in \(kind)", back: 1) }
        }
    }

    /// Requires that only white space follows.
    mutating func end() throws {
        skipSpace()
        guard index == bytes.count else { throw failure("unexpected data after the document") }
    }

    /// Reads and discards any value (an unknown key's).
    mutating func skipValue() throws {
        skipSpace()
        switch peek() {
        case UInt8(ascii: "{"): try object { reader, _ in try reader.skipValue() }
        case UInt8(ascii: "["): try array { reader in try reader.skipValue() }
        case UInt8(ascii: "\""): _ = try string()
        case UInt8(ascii: "t"), UInt8(ascii: "f"): _ = try bool()
        case UInt8(ascii: "n"): try null()
        default: _ = try double()
        }
    }

    /// Whether the next value is `null` (consumed if so).
    mutating func consumeNull() throws -> Bool {
        skipSpace()
        guard peek() == UInt8(ascii: "n") else { return false }
        try null()
        return true
    }

    /// The next byte that is not white space, without consuming it.
    mutating func peekValue() -> UInt8? {
        skipSpace()
        return peek()
    }

    // MARK: Scalars

    mutating func null() throws {
        skipSpace()
        try literal("null")
    }

    mutating func bool() throws -> Bool {
        skipSpace()
        if peek() == UInt8(ascii: "t") {
            try literal("true")
            return true
        }
        try literal("false")
        return false
    }

    /// A whole number that fits in `Int` (no fraction, no exponent).
    mutating func integer() throws -> Int {
        skipSpace()
        let start = index
        var negative = false
        if peek() == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        var magnitude: UInt64 = 0
        var digits = 0
        while let byte = peek(), byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
            let (times, overflowTimes) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflowSum) = times.addingReportingOverflow(UInt64(byte - UInt8(ascii: "0")))
            guard !overflowTimes, !overflowSum else { throw Failure(offset: start, message: "integer out of range") }
            magnitude = sum
            digits += 1
            index += 1
        }
        guard digits > 0 else { throw Failure(offset: start, message: "expected an integer") }
        if let byte = peek(), byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
            throw Failure(offset: start, message: "expected a whole number")
        }
        if negative {
            guard magnitude <= UInt64(Int.max) + 1 else { throw Failure(offset: start, message: "integer out of range") }
            return magnitude == UInt64(Int.max) + 1 ? Int.min : -Int(magnitude)
        }
        guard magnitude <= UInt64(Int.max) else { throw Failure(offset: start, message: "integer out of range") }
        return Int(magnitude)
    }

    /// Any JSON number, as the nearest `Double`.
    mutating func double() throws -> Double {
        skipSpace()
        let start = index
        while let byte = peek(), Self.isNumberByte(byte) { index += 1 }
        guard index > start, let value = Double(String(decoding: bytes[start..<index], as: UTF8.self)), value.isFinite else {
            throw Failure(offset: start, message: "expected a number")
        }
        return value
    }

    /// A string, with its escapes resolved.
    mutating func string() throws -> String {
        skipSpace()
        try expect(UInt8(ascii: "\""))
        let start = index
        // Most stored strings have no escape: they are copied in one piece.
        while let byte = peek(), byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\") {
            guard byte >= 0x20 else { throw failure("control character in a string") }
            index += 1
        }
        guard let stop = peek() else { throw Failure(offset: start - 1, message: "unterminated string") }
        if stop == UInt8(ascii: "\"") {
            index += 1
            return try decodeUTF8(bytes[start..<(index - 1)], at: start)
        }
        var buffer = Array(bytes[start..<index])
        while true {
            guard let byte = next() else { throw Failure(offset: start - 1, message: "unterminated string") }
            switch byte {
            case UInt8(ascii: "\""):
                return try decodeUTF8(buffer[...], at: start)
            case UInt8(ascii: "\\"):
                try unescape(into: &buffer)
            case ..<0x20:
                throw failure("control character in a string", back: 1)
            default:
                buffer.append(byte)
            }
        }
    }

    // MARK: Helpers

    private mutating func unescape(into buffer: inout [UInt8]) throws {
        guard let byte = next() else { throw failure("unterminated escape") }
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): buffer.append(byte)
        case UInt8(ascii: "b"): buffer.append(0x08)
        case UInt8(ascii: "f"): buffer.append(0x0C)
        case UInt8(ascii: "n"): buffer.append(0x0A)
        case UInt8(ascii: "r"): buffer.append(0x0D)
        case UInt8(ascii: "t"): buffer.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try hex4()
            if (0xD800..<0xDC00).contains(scalar) {
                guard next() == UInt8(ascii: "\\"), next() == UInt8(ascii: "u") else { throw failure("unpaired surrogate in an escape") }
                let low = try hex4()
                guard (0xDC00..<0xE000).contains(low) else { throw failure("unpaired surrogate in an escape") }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw failure("invalid escape \\u") }
            buffer.append(contentsOf: String(Character(unicode)).utf8)
        default:
            throw failure("invalid escape", back: 1)
        }
    }

    private mutating func hex4() throws -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = next() else { throw failure("unterminated escape") }
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw failure("invalid hex digit in an escape", back: 1)
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    private func decodeUTF8(_ slice: ArraySlice<UInt8>, at offset: Int) throws -> String {
        let text = String(decoding: slice, as: UTF8.self)
        // Decoding repairs invalid UTF-8 with U+FFFD, which changes the bytes: valid input is
        // exactly the input that comes back unchanged.
        guard slice.allSatisfy({ $0 < 0x80 }) || text.utf8.elementsEqual(slice) else {
            throw Failure(offset: offset, message: "invalid UTF-8 in a string")
        }
        return text
    }

    private mutating func literal(_ word: StaticString) throws {
        let start = index
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        for byte in expected {
            guard next() == byte else { throw Failure(offset: start, message: "expected \(word)") }
        }
    }

    private mutating func expect(_ expected: UInt8) throws {
        skipSpace()
        guard let byte = next() else { throw failure("expected '\(Character(Unicode.Scalar(expected)))' before the end") }
        guard byte == expected else { throw failure("expected '\(Character(Unicode.Scalar(expected)))'", back: 1) }
    }

    private mutating func enter() throws {
        depth += 1
        guard depth <= Self.maximumDepth else { throw failure("nesting deeper than \(Self.maximumDepth)") }
    }

    private mutating func skipSpace() {
        while let byte = peek(), byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { index += 1 }
    }

    private func peek() -> UInt8? {
        index < bytes.count ? bytes[index] : nil
    }

    private mutating func next() -> UInt8? {
        guard index < bytes.count else { return nil }
        defer { index += 1 }
        return bytes[index]
    }

    private func failure(_ message: String, back: Int = 0) -> Failure {
        Failure(offset: max(0, index - back), message: message)
    }

    private static func isNumberByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")
            || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
    }
}

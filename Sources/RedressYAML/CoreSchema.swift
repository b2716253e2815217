/// The YAML 1.2 core schema's tags and plain-scalar resolution rules.
public enum CoreTag {
    /// `!!str`.
    public static let str = "tag:yaml.org,2002:str"
    /// `!!int`.
    public static let int = "tag:yaml.org,2002:int"
    /// `!!bool`.
    public static let bool = "tag:yaml.org,2002:bool"
    /// `!!null`.
    public static let null = "tag:yaml.org,2002:null"
    /// `!!float`.
    public static let float = "tag:yaml.org,2002:float"
    /// `!!seq`.
    public static let seq = "tag:yaml.org,2002:seq"
    /// `!!map`.
    public static let map = "tag:yaml.org,2002:map"
    /// The non-specific tag `!` (forces a string).
    public static let nonSpecific = "!"

    /// Every tag the playbook policy accepts.
    public static let allowed: Set<String> = [str, int, bool, null, float, seq, map, nonSpecific]
}

enum CoreSchema {
    static func resolvePlain(_ text: String) -> YAMLScalar.Resolved {
        let utf8 = text.utf8
        guard let first = utf8.first else { return .null }
        // Most plain scalars are words; one byte decides that they are strings.
        switch first {
        case UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "~"):
            return isNull(text) ? .null : .string(text)
        case UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: "f"), UInt8(ascii: "F"):
            return bool(text).map(YAMLScalar.Resolved.bool) ?? .string(text)
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."):
            if isInteger(text) { return .integer(text) }
            if isFloat(text) { return .float(text) }
            return .string(text)
        default:
            return .string(text)
        }
    }

    static func isNull(_ text: String) -> Bool {
        text == "null" || text == "Null" || text == "NULL" || text == "~" || text.isEmpty
    }

    static func bool(_ text: String) -> Bool? {
        switch text {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: return nil
        }
    }

    static func isInteger(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        if bytes.count > 2, bytes[0] == UInt8(ascii: "0") {
            if bytes[1] == UInt8(ascii: "o") { return bytes[2...].allSatisfy { $0 >= 0x30 && $0 <= 0x37 } }
            if bytes[1] == UInt8(ascii: "x") { return bytes[2...].allSatisfy(isHexDigit) }
        }
        var digits = bytes[...]
        if let sign = digits.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") { digits = digits.dropFirst() }
        return !digits.isEmpty && digits.allSatisfy(isDigit)
    }

    static func isFloat(_ text: String) -> Bool {
        switch text {
        case ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF":
            return true
        default: break
        }
        var bytes = Array(text.utf8)[...]
        if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
        let whole = bytes.prefix(while: isDigit)
        bytes = bytes.dropFirst(whole.count)
        var fraction = 0
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            fraction = bytes.prefix(while: isDigit).count
            bytes = bytes.dropFirst(fraction)
        }
        // `.5` and `5.` are floats; a lone `.` is not.
        guard whole.count + fraction > 0 else { return false }
        if let e = bytes.first, e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
            guard !bytes.isEmpty, bytes.allSatisfy(isDigit) else { return false }
            return true
        }
        return bytes.isEmpty
    }

    static func integerValue(_ text: String) -> Int? {
        if text.hasPrefix("0o") { return Int(text.dropFirst(2), radix: 8) }
        if text.hasPrefix("0x") { return Int(text.dropFirst(2), radix: 16) }
        return Int(text)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    private static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66)
    }
}

/// YAML's line breaks over raw UTF-8 bytes: LF, CR, CRLF, and libyaml's NEL, LS and PS.
///
/// Kept in one place so that marks computed here agree with the line numbers libyaml reports.
enum LineBreaks {
    /// The byte width of the line break starting at `index`, or 0 if none starts there.
    static func width(of bytes: [UInt8], at index: Int) -> Int {
        guard index < bytes.count else { return 0 }
        switch bytes[index] {
        case 0x0A:
            return 1
        case 0x0D:
            return index + 1 < bytes.count && bytes[index + 1] == 0x0A ? 2 : 1
        case 0xC2:
            return index + 1 < bytes.count && bytes[index + 1] == 0x85 ? 2 : 0
        case 0xE2:
            guard index + 2 < bytes.count, bytes[index + 1] == 0x80 else { return 0 }
            return bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9 ? 3 : 0
        default:
            return 0
        }
    }

    /// Whether the bytes just before `index` end a line (so `index` starts one).
    static func endsLine(_ bytes: [UInt8], before index: Int) -> Bool {
        guard index > 0 else { return true }
        if bytes[index - 1] == 0x0A || bytes[index - 1] == 0x0D { return true }
        if index >= 2, bytes[index - 2] == 0xC2, bytes[index - 1] == 0x85 { return true }
        if index >= 3, bytes[index - 3] == 0xE2, bytes[index - 2] == 0x80,
            bytes[index - 1] == 0xA8 || bytes[index - 1] == 0xA9
        {
            return true
        }
        return false
    }

    /// The byte width of the UTF-8 scalar whose lead byte is `leadByte` (1 for stray bytes).
    static func scalarWidth(leadByte: UInt8) -> Int {
        switch leadByte {
        case 0xF0...0xF7: return 4
        case 0xE0...0xEF: return 3
        case 0xC0...0xDF: return 2
        default: return 1
        }
    }
}

import RedressDiagnostics
import Testing

@Suite struct TerminalTextTests {
    @Test func controlSeparatorAndBidiCharactersAreMadeVisibleAndTheRestKept() {
        #expect(TerminalText.escape("plain 文字 ¥128.00") == "plain 文字 ¥128.00")
        #expect(TerminalText.escape("a\nb\tc\rd") == "a\\nb\\tc\\rd")
        #expect(TerminalText.escape("\u{1b}[31mred\u{07}") == "\\u{1b}[31mred\\u{7}")
        #expect(TerminalText.escape("x\u{202e}gnp.exe\u{2066}\u{2028}\u{85}\u{7f}") == "x\\u{202e}gnp.exe\\u{2066}\\u{2028}\\u{85}\\u{7f}")
        #expect(!TerminalText.escape("\u{0}\u{1f}\u{9f}\u{200f}").unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || $0.value == 0x200F })
    }

    @Test func multiLineTextKeepsItsBreaksButEveryLineIsIndentedAndEscaped() {
        #expect(TerminalText.escapeLines("one\ntwo\u{1b}", indent: "  ") == "  one\n  two\\u{1b}")
    }
}

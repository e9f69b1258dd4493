package io.crossmodal.audio.tts;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossmodal.audio.tts.SynthesisException.Reason;
import org.junit.jupiter.api.Test;

class SynthesisTextTest {

    @Test
    void lengthCountsCodePoints() {
        String emoji = "\uD83D\uDE00".repeat(10); // 10 characters, 20 UTF-16 units
        assertDoesNotThrow(() -> SynthesisText.checkLength(emoji, 10));
        SynthesisException e = assertThrows(SynthesisException.class, () -> SynthesisText.checkLength(emoji, 9));
        assertEquals(Reason.TEXT_TOO_LONG, e.reason());
        assertTrue(e.clientError());
        assertTrue(e.getMessage().contains("10 characters"), e.getMessage());
        assertEquals(
                Reason.TEXT_TOO_LONG,
                assertThrows(SynthesisException.class, () -> SynthesisText.checkLength("a".repeat(10_000), 2000))
                        .reason());
    }

    @Test
    void emptyAndNullAreEmptyText() {
        assertEquals(
                Reason.EMPTY_TEXT,
                assertThrows(SynthesisException.class, () -> SynthesisText.checkLength(null, 10))
                        .reason());
        assertEquals(
                Reason.EMPTY_TEXT,
                assertThrows(SynthesisException.class, () -> SynthesisText.checkLength("", 10))
                        .reason());
    }

    @Test
    void cleanStripsControlAndFormatCharacters() {
        assertEquals("ab c\nd\ne\nf", SynthesisText.clean("\u0000a\u0007b\tc\r\nd\re\u2028f\u001b"));
        // Bidi override, zero-width space, BOM, private use, lone surrogate, DEL, C1: gone.
        assertEquals("evil txt", SynthesisText.clean("\u202Eevil\u200B \uFEFFtxt\uE000\uD800\u007f\u009b"));
        // ZWJ kept (emoji sequences), NBSP becomes a space, NFC applied.
        assertEquals(
                "\uD83D\uDC69\u200D\uD83D\uDCBB caf\u00e9",
                SynthesisText.clean("\uD83D\uDC69\u200D\uD83D\uDCBB\u00a0cafe\u0301"));
        assertEquals("跨模态检索服务", SynthesisText.clean("跨模态检索服务"));
    }

    @Test
    void asciiFoldingForFestival() {
        assertEquals(
                "cafe Strasse \"quoted\" it's ... - done",
                SynthesisText.toAscii(SynthesisText.clean("café Straße “quoted” it’s … – done")));
        assertEquals("hello", SynthesisText.toAscii("hello 跨模态 \uD83D\uDE00"));
        assertEquals("", SynthesisText.toAscii("跨模态检索服务"));
        String hostile = "(quit) $(rm -rf /) `id` \"'; <b>";
        assertEquals(hostile, SynthesisText.toAscii(hostile), "ASCII punctuation is text and stays as it is");
    }

    @Test
    void speakableNeedsALetterOrDigit() {
        assertTrue(SynthesisText.speakable("跨"));
        assertTrue(SynthesisText.speakable("7"));
        assertFalse(SynthesisText.speakable("!!! ... \uD83D\uDE00"));
        assertFalse(SynthesisText.speakable(""));
    }
}

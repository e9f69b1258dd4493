package io.crossmodal.audio.asr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossmodal.audio.asr.Transcript.Word;
import java.util.List;
import org.junit.jupiter.api.Test;

class TranscriptTest {

    private static final Transcript HELLO = Transcript.of(List.of(
            new Word("hello", 100, 400, 0.9f),
            new Word("there", 400, 700, 0.8f),
            new Word("general", 1500, 1900, 0.7f),
            new Word("kenobi", 1900, 2500, 0.6f)));

    @Test
    void textJoinsTheWords() {
        assertEquals("hello there general kenobi", HELLO.text());
        assertTrue(Transcript.EMPTY.isEmpty());
        assertEquals(Transcript.EMPTY, Transcript.of(List.of()));
        assertFalse(HELLO.isEmpty());
    }

    @Test
    void slicesByWordMiddle() {
        assertEquals("hello there", HELLO.slice(0, 1000).text());
        assertEquals("general kenobi", HELLO.slice(1000, 3000).text());
        // "there" spans 400-700, middle 550
        assertEquals("there", HELLO.slice(550, 1000).text());
        assertEquals("hello", HELLO.slice(0, 550).text());
        Transcript untimed = Transcript.of(List.of(Word.untimed("hi", 0)));
        assertEquals(Transcript.EMPTY, untimed.slice(0, Long.MAX_VALUE));
    }

    @Test
    void shiftsTimedWords() {
        Transcript shifted = HELLO.slice(1000, 3000).shifted(-1000);
        assertEquals(
                List.of(new Word("general", 500, 900, 0.7f), new Word("kenobi", 900, 1500, 0.6f)), shifted.words());
        Transcript untimed = Transcript.of(List.of(Word.untimed("hi", 0.5f)));
        assertEquals(untimed, untimed.shifted(250));
    }

    @Test
    void validatesWords() {
        assertThrows(IllegalArgumentException.class, () -> new Word(" ", 0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Word("a", 0, 1, 1.5f));
        assertThrows(IllegalArgumentException.class, () -> new Word("a", 0, 1, Float.NaN));
        assertThrows(IllegalArgumentException.class, () -> new Word("a", 10, 5, 0));
        assertThrows(IllegalArgumentException.class, () -> new Word("a", -1, 5, 0));
        assertFalse(Word.untimed("a", 0).timed());
        assertTrue(new Word("a", 0, 0, 0).timed());
    }
}

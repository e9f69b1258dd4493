package io.crossmodal.audio.tts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossmodal.audio.tts.SynthesisException.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests refused for what they are (length, emptiness, language, voice) never start a process: checked with
 * stand-in programs that leave a mark whenever they run for a synthesis.
 */
class RefusedBeforeStartTest {

    @TempDir
    Path dir;

    private Path marks;
    private SynthesizerRouter router;

    @BeforeEach
    void fakes() throws Exception {
        marks = dir.resolve("marks");
        Files.createDirectories(marks);
        Path text2wave = script("text2wave", "#!/bin/sh\ntouch '" + marks + "/festival'\nexit 1\n");
        Path espeak = script(
                "espeak-ng",
                "#!/bin/sh\nif [ \"$1\" = --voices ]; then\n"
                        + "echo 'Pty Language Age/Gender VoiceName File Other Languages'\n"
                        + "echo ' 5  cmn  --/M  Chinese_(Mandarin) sit/cmn  (zh 5)'\nexit 0\nfi\n"
                        + "touch '" + marks + "/espeak'\nexit 1\n");
        Path voices = dir.resolve("voices/english/fake_voice/festvox");
        Files.createDirectories(voices);
        Files.writeString(voices.resolve("fake_voice.scm"), ";; fake\n");
        Path temp = dir.resolve("tmp");
        SynthesisSettings settings = new SynthesisSettings(
                SynthesisLimits.defaults().withMaxTextChars(100),
                temp,
                true,
                text2wave.toString(),
                dir.resolve("voices"),
                "fake_voice",
                true,
                espeak.toString());
        router = SynthesizerRouter.create(settings);
        assertTrue(
                router.synthesizers().stream().allMatch(SpeechSynthesizer::isAvailable), router.problems()::toString);
    }

    private Path script(String name, String body) throws Exception {
        Path path = dir.resolve(name);
        Files.writeString(path, body);
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwx------"));
        return path;
    }

    @Test
    void refusalsStartNothing() throws Exception {
        String tooLong = "a".repeat(101);
        assertRefused(Reason.TEXT_TOO_LONG, tooLong, "en", "");
        assertRefused(Reason.TEXT_TOO_LONG, tooLong, "zh", "");
        assertRefused(Reason.EMPTY_TEXT, "", "en", "");
        assertRefused(Reason.EMPTY_TEXT, "\u0000\u0007 ... \uD83D\uDE00", "en", "");
        assertRefused(Reason.EMPTY_TEXT, "\u0000 !!! \u202E", "zh", "");
        assertRefused(Reason.EMPTY_TEXT, "跨模态", "en", "");
        assertRefused(Reason.UNSUPPORTED_LANGUAGE, "hello", "de", "");
        assertRefused(Reason.UNSUPPORTED_LANGUAGE, "hello", "$(id)", "");
        assertRefused(Reason.UNKNOWN_VOICE, "hello", "en", "cmu_us_slt_arctic_hts");
        assertRefused(Reason.UNSUPPORTED_LANGUAGE, "hello", "en", "cmn");
        try (var files = Files.list(marks)) {
            assertEquals(List.of(), files.toList(), "a program ran");
        }
        // The stand-ins do run when a request is acceptable (and their failure is a server error).
        SynthesisException failed = assertThrows(SynthesisException.class, () -> router.synthesize("hi", "en", ""));
        assertEquals(Reason.FAILED, failed.reason());
        assertFalse(failed.clientError());
        assertTrue(Files.exists(marks.resolve("festival")));
    }

    private void assertRefused(Reason reason, String text, String language, String voice) {
        SynthesisException e = assertThrows(SynthesisException.class, () -> router.synthesize(text, language, voice));
        assertEquals(reason, e.reason(), e.getMessage());
        assertTrue(e.clientError());
    }
}

package io.crossmodal.audio.tts;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.crossmodal.audio.MonoAudio;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Shared checks of the tts tests. */
final class TtsTesting {

    private TtsTesting() {}

    /** Synthesis programs (Festival, text2wave, espeak-ng) still running as descendants of this JVM. */
    static List<String> leftoverSynthesisProcesses() {
        return ProcessHandle.current()
                .descendants()
                .filter(TtsTesting::running)
                .map(h -> h.pid() + " "
                        + h.info().commandLine().or(() -> h.info().command()).orElse("?"))
                .filter(c -> c.contains("festival") || c.contains("text2wave") || c.contains("espeak"))
                .collect(Collectors.toList());
    }

    /**
     * Alive and not a zombie: a SIGKILLed grandchild stays a zombie until init reaps it, which ProcessHandle still
     * reports as alive.
     */
    static boolean running(ProcessHandle h) {
        if (!h.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(h.pid()), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException | RuntimeException e) {
            return false; // gone
        }
    }

    static void assertNoLeftoverProcesses() {
        // A killed process is reaped by the runner before it returns; allow the OS a moment to update /proc.
        await("no synthesis process left")
                .atMost(Duration.ofSeconds(2))
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(20))
                .untilAsserted(
                        () -> assertEquals(List.of(), leftoverSynthesisProcesses(), "synthesis processes left behind"));
    }

    static void assertEmptyDir(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            assertEquals(List.of(), entries.collect(Collectors.toList()), "temp files left in " + dir);
        }
    }

    /** Root mean square of the samples. */
    static double rms(MonoAudio audio) {
        double sum = 0;
        for (float s : audio.samples()) {
            sum += (double) s * s;
        }
        return Math.sqrt(sum / Math.max(1, audio.samples().length));
    }

    static void assertSpeech(MonoAudio audio, int rate, double minSeconds, double maxSeconds) {
        assertEquals(rate, audio.sampleRate(), "sample rate");
        assertTrue(
                audio.durationSeconds() >= minSeconds && audio.durationSeconds() <= maxSeconds,
                "duration " + audio.durationSeconds() + " s not in [" + minSeconds + ", " + maxSeconds + "]");
        double rms = rms(audio);
        assertTrue(rms > 0.01, "audio is (nearly) silent: rms " + rms);
        for (float s : audio.samples()) {
            if (!(s >= -1f && s <= 1f)) {
                fail("sample out of [-1, 1]: " + s);
            }
        }
    }

    static void requireInstalled(SpeechSynthesizer synthesizer) {
        try {
            synthesizer.checkAvailable();
        } catch (SynthesisException e) {
            fail("these tests run the real program; " + e.getMessage());
        }
    }
}

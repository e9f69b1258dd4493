package io.crossmodal.audio.asr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Structure;
import io.crossmodal.audio.MonoAudio;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The decoder pool and the native resources of the PocketSphinx recogniser: busy, reuse, no leaks, open errors. */
class PocketSphinxPoolTest {

    private static final String REPORT = "Can you send me the report before lunch?";

    @Test
    void busyWhenEveryDecoderIsTaken() {
        MonoAudio clip = FestivalSpeech.speak(REPORT);
        try (PocketSphinxRecognizer recognizer =
                PocketSphinxRecognizer.open(PocketSphinxConfig.defaults().withPool(1, Duration.ofMillis(200)))) {
            RecognitionStream stream = recognizer.openStream();
            stream.accept(Arrays.copyOf(clip.samples(), 8_000));
            long start = System.nanoTime();
            RecognizerBusyException busy =
                    assertThrows(RecognizerBusyException.class, () -> recognizer.transcribe(clip));
            long waited = (System.nanoTime() - start) / 1_000_000;
            assertTrue(waited >= 190 && waited < 5_000, "waited " + waited + " ms");
            assertTrue(
                    busy.getMessage().contains("pocketsphinx-en-us")
                            && busy.getMessage().contains("1 decoder"),
                    busy.getMessage());
            assertThrows(RecognizerBusyException.class, recognizer::openStream);

            stream.close(); // client cancel: the decoder comes back
            assertTrue(WordErrorRate.compute(REPORT, recognizer.transcribe(clip).text())
                            .errors()
                    <= 1);
            assertEquals(1, recognizer.decodersCreated());
        }
    }

    @Test
    void reusesDecodersWithoutLeakingNativeMemory() throws Exception {
        // a short piece of real speech: the first 0.25 s of the sentence's speech
        MonoAudio sentence = FestivalSpeech.speak(REPORT);
        long[] span = FestivalSpeech.speechSpanMillis(sentence);
        MonoAudio clip = FestivalSpeech.cut(sentence, span[0] / 1000.0, span[0] / 1000.0 + 0.25);
        int threads = 2;
        try (PocketSphinxRecognizer recognizer =
                PocketSphinxRecognizer.open(PocketSphinxConfig.defaults().withPool(threads, Duration.ofSeconds(30)))) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                run(pool, threads, 4, recognizer, clip); // warm-up: both decoders created
                long[] before = memory();
                long start = System.nanoTime();
                run(pool, threads, 100, recognizer, clip);
                long[] middle = memory();
                run(pool, threads, 100, recognizer, clip);
                long[] after = memory();
                // abandoned streams (client cancel mid-utterance) give their decoder back too
                for (int i = 0; i < 10; i++) {
                    try (RecognitionStream s = recognizer.openStream()) {
                        s.accept(Arrays.copyOf(clip.samples(), 1_600));
                    }
                }
                long[] end = memory();
                String memory = String.format(
                        "RSS / malloc in use (kB): %d / %d after warm-up, %d / %d after 100"
                                + " transcriptions, %d / %d after 200, %d / %d after 10 abandoned streams (%.1f s)",
                        before[0],
                        before[1],
                        middle[0],
                        middle[1],
                        after[0],
                        after[1],
                        end[0],
                        end[1],
                        (System.nanoTime() - start) / 1e9);
                assertEquals(threads, recognizer.decodersCreated());
                assertEquals(0, recognizer.decodersInUse());
                // one leaked decoder would be ~95 MB of RSS; a leak per utterance shows in malloc's count, which the
                // JVM's own allocations (JIT) move by several MB either way, so it is compared over the second 100
                // calls (a 40 kB leak per call would add 4 MB)
                assertTrue(end[0] - before[0] < 16_384, "RSS grew by " + (end[0] - before[0]) + " kB; " + memory);
                assertTrue(
                        after[1] - middle[1] < 4_096,
                        "native heap in use grew by " + (after[1] - middle[1]) + " kB over 100 transcriptions; "
                                + memory);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /** glibc's {@code struct mallinfo2}: ten {@code size_t}. */
    @Structure.FieldOrder({
        "arena",
        "ordblks",
        "smblks",
        "hblks",
        "hblkhd",
        "usmblks",
        "fsmblks",
        "uordblks",
        "fordblks",
        "keepcost"
    })
    public static final class MallInfo2 extends Structure implements Structure.ByValue {
        public long arena;
        public long ordblks;
        public long smblks;
        public long hblks;
        public long hblkhd;
        public long usmblks;
        public long fsmblks;
        public long uordblks;
        public long fordblks;
        public long keepcost;
    }

    /** glibc, for the native heap in use (PocketSphinx allocates with malloc). */
    public interface LibC extends Library {
        MallInfo2 mallinfo2();
    }

    /** Resident set size and malloc'd bytes in use (small blocks + mmapped blocks), in kB. */
    private static long[] memory() throws IOException {
        MallInfo2 m = Native.load("c", LibC.class).mallinfo2();
        long malloc = (m.uordblks + m.hblkhd) / 1024;
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return new long[] {Long.parseLong(line.replaceAll("\\D", "")), malloc};
            }
        }
        throw new IOException("no VmRSS in /proc/self/status");
    }

    private static void run(ExecutorService pool, int threads, int calls, SpeechRecognizer recognizer, MonoAudio clip)
            throws Exception {
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                for (int i = 0; i < calls / threads; i++) {
                    assertFalse(recognizer.transcribe(clip).words().isEmpty());
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
    }

    @Test
    void openNamesTheMissingModelFile(@TempDir Path dir) throws IOException {
        PocketSphinxConfig d = PocketSphinxConfig.defaults();
        Path nowhere = dir.resolve("nowhere");
        RecognizerNotInstalledException e = assertThrows(
                RecognizerNotInstalledException.class,
                () -> PocketSphinxRecognizer.open(d.withModel(nowhere, d.lm(), d.dict())));
        assertTrue(
                e.getMessage().contains(nowhere.toString()) && e.getMessage().contains("crossmodal.audio.asr.hmm"),
                e.getMessage());

        Path hmm = Files.createDirectories(dir.resolve("hmm"));
        for (String f : List.of("mdef", "means", "noisedict", "sendump", "transition_matrices")) {
            Files.writeString(hmm.resolve(f), "");
        }
        e = assertThrows(
                RecognizerNotInstalledException.class,
                () -> PocketSphinxRecognizer.open(d.withModel(hmm, d.lm(), d.dict())));
        assertTrue(e.getMessage().contains(hmm.resolve("variances").toString()), e.getMessage());

        e = assertThrows(
                RecognizerNotInstalledException.class,
                () -> PocketSphinxRecognizer.open(d.withModel(d.hmm(), dir.resolve("en-us.lm.bin"), d.dict())));
        assertTrue(
                e.getMessage().contains("language model") && e.getMessage().contains("crossmodal.audio.asr.lm"),
                e.getMessage());

        e = assertThrows(
                RecognizerNotInstalledException.class,
                () -> PocketSphinxRecognizer.open(d.withModel(d.hmm(), d.lm(), dir)));
        assertTrue(e.getMessage().contains("dictionary") && e.getMessage().contains(dir.toString()), e.getMessage());
    }

    @Test
    void openNamesTheMissingLibrary() {
        RecognizerNotInstalledException e = assertThrows(
                RecognizerNotInstalledException.class,
                () -> PocketSphinxRecognizer.open(PocketSphinxConfig.defaults()
                        .withLibraries(List.of("libpocketsphinx.so.99", "/nowhere/libpocketsphinx.so.3"))));
        assertTrue(
                e.getMessage().contains("libpocketsphinx.so.99")
                        && e.getMessage().contains("libpocketsphinx3")
                        && e.getMessage().contains("/nowhere/libpocketsphinx.so.3"),
                e.getMessage());
    }

    @Test
    void rejectsArgumentsPocketSphinxDoesNotKnow() {
        SpeechRecognitionException e = assertThrows(
                SpeechRecognitionException.class,
                () -> PocketSphinxRecognizer.open(
                        PocketSphinxConfig.defaults().withDecoderArgs(List.of("-no_such_option", "1"))));
        assertTrue(e.getMessage().contains("-no_such_option"), e.getMessage());
    }
}

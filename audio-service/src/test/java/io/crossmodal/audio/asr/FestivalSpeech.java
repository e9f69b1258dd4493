package io.crossmodal.audio.asr;

import io.crossmodal.audio.MonoAudio;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * Real speech for the recogniser tests: Festival's {@code text2wave} with the HTS voice {@code cmu_us_slt_arctic_hts}
 * (Debian packages festival and festvox-us-slt-hts) writes 16 kHz 16-bit mono WAV files to {@code target/asr-tts},
 * read back with javax.sound. Synthesised once per test JVM per text.
 */
final class FestivalSpeech {

    static final String VOICE = "voice_cmu_us_slt_arctic_hts";
    private static final Path DIR = Path.of("target", "asr-tts");
    private static final Map<String, MonoAudio> CACHE = new ConcurrentHashMap<>();

    private FestivalSpeech() {}

    /** The sentences of {@code asr/sentences.txt}. */
    static List<String> sentences() {
        try (InputStream in = FestivalSpeech.class.getResourceAsStream("/asr/sentences.txt")) {
            if (in == null) {
                throw new IllegalStateException("asr/sentences.txt is not on the test class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .map(String::trim)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Synthesises all texts, two Festival processes at a time. */
    static List<MonoAudio> speakAll(List<String> texts) {
        return texts.parallelStream().map(FestivalSpeech::speak).toList();
    }

    /** {@code text} spoken at 16 kHz. */
    static MonoAudio speak(String text) {
        return CACHE.computeIfAbsent(text, FestivalSpeech::synthesize);
    }

    private static MonoAudio synthesize(String text) {
        try {
            Files.createDirectories(DIR);
            String stem = "tts-" + Integer.toHexString(text.hashCode());
            Path txt = DIR.resolve(stem + ".txt");
            Path wav = DIR.resolve(stem + ".wav");
            Path log = DIR.resolve(stem + ".log");
            Files.writeString(txt, text + "\n");
            Files.deleteIfExists(wav);
            Process process;
            try {
                process = new ProcessBuilder(
                                "text2wave", "-F", "16000", "-eval", "(" + VOICE + ")", "-o", wav.toString())
                        .redirectInput(txt.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
            } catch (IOException e) {
                throw new IllegalStateException(
                        "Festival's text2wave is not installed: the ASR tests need the "
                                + "Debian packages festival and festvox-us-slt-hts",
                        e);
            }
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("text2wave did not finish in 120 s for: " + text);
            }
            if (process.exitValue() != 0 || !Files.isRegularFile(wav)) {
                throw new IllegalStateException("text2wave failed (" + process.exitValue() + ") for \"" + text + "\": "
                        + Files.readString(log));
            }
            return read(wav);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A 16-bit PCM mono WAV file as samples in [-1, 1]. */
    static MonoAudio read(Path wav) throws IOException {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(wav.toFile())) {
            AudioFormat f = in.getFormat();
            if (f.getEncoding() != AudioFormat.Encoding.PCM_SIGNED
                    || f.getSampleSizeInBits() != 16
                    || f.getChannels() != 1) {
                throw new IOException("expected 16-bit signed mono PCM, got " + f + " in " + wav);
            }
            byte[] bytes = in.readAllBytes();
            float[] samples = new float[bytes.length / 2];
            boolean big = f.isBigEndian();
            for (int i = 0; i < samples.length; i++) {
                int lo = bytes[2 * i + (big ? 1 : 0)] & 0xff;
                int hi = bytes[2 * i + (big ? 0 : 1)];
                samples[i] = (short) ((hi << 8) | lo) / 32768f;
            }
            return new MonoAudio(samples, Math.round(f.getSampleRate()));
        } catch (UnsupportedAudioFileException e) {
            throw new IOException(wav + " is not a WAV file javax.sound reads", e);
        }
    }

    /** {@code audio} with silence (zeros) before and after. */
    static MonoAudio pad(MonoAudio audio, double secondsBefore, double secondsAfter) {
        int before = (int) Math.round(secondsBefore * audio.sampleRate());
        int after = (int) Math.round(secondsAfter * audio.sampleRate());
        float[] out = new float[before + audio.samples().length + after];
        System.arraycopy(audio.samples(), 0, out, before, audio.samples().length);
        return new MonoAudio(out, audio.sampleRate());
    }

    /** The clips one after the other, {@code gapSeconds} of silence between them. */
    static MonoAudio concat(List<MonoAudio> clips, double gapSeconds) {
        int rate = clips.get(0).sampleRate();
        int gap = (int) Math.round(gapSeconds * rate);
        List<float[]> parts = new ArrayList<>();
        for (MonoAudio clip : clips) {
            if (!parts.isEmpty()) {
                parts.add(new float[gap]);
            }
            parts.add(clip.samples());
        }
        float[] out = new float[parts.stream().mapToInt(p -> p.length).sum()];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return new MonoAudio(out, rate);
    }

    /** {@code audio[fromSeconds, toSeconds)}. */
    static MonoAudio cut(MonoAudio audio, double fromSeconds, double toSeconds) {
        int from = (int) Math.round(fromSeconds * audio.sampleRate());
        int to = Math.min(audio.samples().length, (int) Math.round(toSeconds * audio.sampleRate()));
        return new MonoAudio(Arrays.copyOfRange(audio.samples(), from, to), audio.sampleRate());
    }

    /**
     * Where the speech is, by energy: first and last 10 ms frame whose RMS exceeds 5% of the loudest frame's, in
     * milliseconds ({@code [start, end)}).
     */
    static long[] speechSpanMillis(MonoAudio audio) {
        int frame = audio.sampleRate() / 100;
        int frames = audio.samples().length / frame;
        double[] rms = new double[frames];
        double max = 0;
        for (int f = 0; f < frames; f++) {
            double sum = 0;
            for (int i = f * frame; i < (f + 1) * frame; i++) {
                sum += audio.samples()[i] * audio.samples()[i];
            }
            rms[f] = Math.sqrt(sum / frame);
            max = Math.max(max, rms[f]);
        }
        int first = -1;
        int last = -1;
        for (int f = 0; f < frames; f++) {
            if (rms[f] > 0.05 * max) {
                if (first < 0) {
                    first = f;
                }
                last = f;
            }
        }
        return new long[] {first * 10L, (last + 1) * 10L};
    }
}

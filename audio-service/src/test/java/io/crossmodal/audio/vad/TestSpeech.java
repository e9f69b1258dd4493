package io.crossmodal.audio.vad;

import io.crossmodal.audio.MonoAudio;
import io.crossmodal.runtime.repository.ModelRepository;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * Real speech for the tests, synthesised at test time by Festival ({@code text2wave}, voice
 * {@code cmu_us_slt_arctic_hts}, 16 kHz) into {@code target/speech-fixtures/} and read back as 16-bit PCM with
 * {@code javax.sound.sampled}. Nothing is committed: the files are made again when missing.
 */
public final class TestSpeech {

    public static final int RATE = 16_000;

    public static final String SENTENCE_1 = "The quick brown fox jumps over the lazy dog near the river bank.";
    public static final String SENTENCE_2 = "Please remember to buy fresh bread and milk on your way home tonight.";
    public static final String SENTENCE_3 = "Seven hundred engineers gathered in the cold auditorium for the keynote.";

    private static final Path DIR = Path.of("target", "speech-fixtures");

    private TestSpeech() {}

    /** The model repository the build prepared ({@code crossmodal.model-repository}, set by the root pom). */
    public static ModelRepository repository() {
        return new ModelRepository(Path.of(System.getProperty("crossmodal.model-repository", "../model-repository")));
    }

    /** {@code text} spoken by Festival's default US voice at 16 kHz. */
    public static MonoAudio festival(String text) {
        return festival(text, 1.0, 0.0);
    }

    /**
     * {@code text} spoken by the same voice at another speed and pitch: HTS engine options {@code -r} (speech rate,
     * below 1 is slower) and {@code -fm} (half-tones added to the pitch).
     */
    public static MonoAudio festival(String text, double rate, double halfTones) {
        String key = String.format(Locale.ROOT, "festival-%08x-r%.2f-fm%.1f", text.hashCode(), rate, halfTones);
        Path wav = DIR.resolve(key + ".wav");
        if (!Files.isRegularFile(wav)) {
            List<String> command =
                    new ArrayList<>(List.of("text2wave", "-F", "16000", "-eval", "(voice_cmu_us_slt_arctic_hts)"));
            if (rate != 1.0 || halfTones != 0.0) {
                command.add("-eval");
                command.add(String.format(
                        Locale.ROOT,
                        "(set! hts_engine_params (append hts_engine_params "
                                + "(list (list \"-r\" %.3f) (list \"-fm\" %.3f))))",
                        rate,
                        halfTones));
            }
            command.add("-o");
            command.add(wav.toString());
            synthesize(command, text, wav);
        }
        return readWav(wav);
    }

    private static void synthesize(List<String> command, String text, Path wav) {
        try {
            Files.createDirectories(DIR);
            Path partial = wav.resolveSibling(wav.getFileName() + ".partial");
            command.set(command.size() - 1, partial.toString());
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            try (var stdin = process.getOutputStream()) {
                stdin.write(text.getBytes(StandardCharsets.UTF_8));
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0 || !Files.isRegularFile(partial)) {
                throw new IllegalStateException("Festival failed (" + String.join(" ", command) + "): " + output
                        + "\nInstall Debian's festival and festvox-us-slt-hts.");
            }
            Files.move(partial, wav, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A 16-bit PCM mono WAV as samples in [-1, 1] (sample / 32768). */
    public static MonoAudio readWav(Path wav) {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(wav.toFile())) {
            AudioFormat format = in.getFormat();
            if (format.getEncoding() != AudioFormat.Encoding.PCM_SIGNED
                    || format.getSampleSizeInBits() != 16
                    || format.getChannels() != 1) {
                throw new IllegalStateException(wav + " is not 16-bit PCM mono: " + format);
            }
            byte[] bytes = in.readAllBytes();
            float[] samples = new float[bytes.length / 2];
            boolean big = format.isBigEndian();
            for (int i = 0; i < samples.length; i++) {
                int lo = bytes[2 * i + (big ? 1 : 0)] & 0xff;
                int hi = bytes[2 * i + (big ? 0 : 1)];
                samples[i] = (short) ((hi << 8) | lo) / 32768f;
            }
            return new MonoAudio(samples, (int) format.getSampleRate());
        } catch (IOException | UnsupportedAudioFileException e) {
            throw new IllegalStateException("cannot read " + wav + ": " + e.getMessage(), e);
        }
    }

    public static float[] silence(double seconds) {
        return new float[(int) Math.round(seconds * RATE)];
    }

    /** White Gaussian noise of standard deviation {@code amplitude}. */
    public static float[] noise(double seconds, double amplitude, long seed) {
        Random random = new Random(seed);
        float[] out = new float[(int) Math.round(seconds * RATE)];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (random.nextGaussian() * amplitude);
        }
        return out;
    }

    public static float[] concat(float[]... parts) {
        int n = 0;
        for (float[] p : parts) {
            n += p.length;
        }
        float[] out = new float[n];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /**
     * Where the speech in a synthesised file really is, by energy: from the first to the end of the last 10 ms frame
     * whose RMS is within 50 dB of the loudest frame's. Returns {start, end} in samples.
     *
     * <p>Why 50 dB: Festival's pauses (before, after and inside its sentences) measure 55-60 dB below the loudest
     * frame, while weak word-final consonants (the closure and release of the last /t/ of "tonight" or "keynote")
     * lie 40-50 dB below it; a 40 dB threshold cuts those off and places the end of such a sentence 40-60 ms early.
     */
    public static long[] energyExtent(float[] samples) {
        int frame = RATE / 100;
        int frames = samples.length / frame;
        double[] rms = new double[frames];
        double peak = 0;
        for (int f = 0; f < frames; f++) {
            double sum = 0;
            for (int i = f * frame; i < (f + 1) * frame; i++) {
                sum += samples[i] * (double) samples[i];
            }
            rms[f] = Math.sqrt(sum / frame);
            peak = Math.max(peak, rms[f]);
        }
        double threshold = peak * Math.pow(10, -50 / 20.0);
        int first = -1;
        int last = -1;
        for (int f = 0; f < frames; f++) {
            if (rms[f] >= threshold) {
                if (first < 0) {
                    first = f;
                }
                last = f;
            }
        }
        if (first < 0) {
            throw new IllegalStateException("no sound found");
        }
        return new long[] {(long) first * frame, (long) (last + 1) * frame};
    }

    /** Cosine of two vectors. */
    public static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * (double) b[i];
            na += a[i] * (double) a[i];
            nb += b[i] * (double) b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}

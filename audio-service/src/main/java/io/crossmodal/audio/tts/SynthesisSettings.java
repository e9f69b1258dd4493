package io.crossmodal.audio.tts;

import io.crossmodal.audio.config.InvalidSettingsException;
import io.crossmodal.audio.config.SettingsReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Everything {@link SynthesizerRouter#create} needs; one field per configuration key, read by {@link #fromConfig}
 * (documented in {@code audio-service/SYNTHESIS.md} and the service's README):
 *
 * <ul>
 *   <li>{@code crossmodal.audio.tts.max-text-chars} (2000), {@code .timeout} (30s), {@code .max-output-bytes}
 *       (41943040), {@code .max-concurrent} (2), {@code .queue-timeout} (5s): {@link #limits()}</li>
 *   <li>{@code crossmodal.audio.tts.temp-dir} ({@code java.io.tmpdir}): {@link #tempDir()}</li>
 *   <li>{@code crossmodal.audio.tts.festival.enabled} (true), {@code .program} (text2wave), {@code .voices-dir}
 *       (/usr/share/festival/voices), {@code .default-voice} (cmu_us_slt_arctic_hts)</li>
 *   <li>{@code crossmodal.audio.tts.espeak.enabled} (true), {@code .program} (espeak-ng)</li>
 * </ul>
 *
 * @param limits               per-synthesis limits and the concurrency bound
 * @param tempDir              where each synthesis gets its private working directory (deleted after it)
 * @param festivalEnabled      offer Festival (English)
 * @param festivalProgram      text2wave: a path or a name looked up in PATH
 * @param festivalVoicesDir    Festival's voice directory
 * @param festivalDefaultVoice Festival voice for requests that name none
 * @param espeakEnabled        offer espeak-ng (every other language, and English when Festival is missing)
 * @param espeakProgram        espeak-ng: a path or a name looked up in PATH
 */
public record SynthesisSettings(
        SynthesisLimits limits,
        Path tempDir,
        boolean festivalEnabled,
        String festivalProgram,
        Path festivalVoicesDir,
        String festivalDefaultVoice,
        boolean espeakEnabled,
        String espeakProgram) {

    /** Prefix of the configuration keys read by {@link #fromConfig}. */
    public static final String PREFIX = "crossmodal.audio.tts.";

    /** What a Festival voice name can look like (the names {@link FestivalSynthesizer} discovers). */
    private static final Pattern FESTIVAL_VOICE = Pattern.compile("[a-z0-9_]{1,64}");

    public SynthesisSettings {
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(tempDir, "tempDir");
        Objects.requireNonNull(festivalProgram, "festivalProgram");
        Objects.requireNonNull(festivalVoicesDir, "festivalVoicesDir");
        Objects.requireNonNull(festivalDefaultVoice, "festivalDefaultVoice");
        Objects.requireNonNull(espeakProgram, "espeakProgram");
    }

    /** Default limits, {@code java.io.tmpdir}, both programs from PATH with their default voices. */
    public static SynthesisSettings defaults() {
        return new SynthesisSettings(SynthesisLimits.defaults(), Path.of(System.getProperty("java.io.tmpdir")),
                true, FestivalSynthesizer.DEFAULT_PROGRAM, FestivalSynthesizer.DEFAULT_VOICES_DIR,
                FestivalSynthesizer.DEFAULT_VOICE, true, EspeakSynthesizer.DEFAULT_PROGRAM);
    }

    /**
     * Reads {@code crossmodal.audio.tts.*}; a missing or blank key keeps its {@linkplain #defaults() default}. With
     * MicroProfile Config: {@code fromConfig(k -> config.getOptionalValue(k, String.class))}. Durations are written
     * as Quarkus writes them ({@code 30s}, {@code 500ms}, {@code PT30S}, a bare number of seconds).
     *
     * @throws InvalidSettingsException naming every key with a bad value: not a number, a duration or a boolean;
     *     {@code max-text-chars} or {@code max-concurrent} below 1; {@code timeout} not positive; {@code
     *     queue-timeout} negative; {@code max-output-bytes} outside [1, {@value SynthesisLimits#OUTPUT_CEILING}];
     *     a {@code festival.default-voice} that is not a Festival voice name ({@code [a-z0-9_]}, at most 64)
     */
    public static SynthesisSettings fromConfig(Function<String, Optional<String>> lookup) {
        SynthesisSettings d = defaults();
        SynthesisLimits dl = d.limits();
        SettingsReader r = new SettingsReader(PREFIX, lookup);
        int maxTextChars = r.integer("max-text-chars", dl.maxTextChars(), 1);
        Duration timeout = r.duration("timeout", dl.timeout(), false);
        long maxOutputBytes = r.longValue("max-output-bytes", dl.maxOutputBytes(), 1, SynthesisLimits.OUTPUT_CEILING);
        int maxConcurrent = r.integer("max-concurrent", dl.maxConcurrent(), 1);
        Duration queueTimeout = r.duration("queue-timeout", dl.queueTimeout(), true);
        Path tempDir = r.path("temp-dir", d.tempDir());
        boolean festivalEnabled = r.bool("festival.enabled", d.festivalEnabled());
        String festivalProgram = r.string("festival.program", d.festivalProgram());
        Path festivalVoicesDir = r.path("festival.voices-dir", d.festivalVoicesDir());
        String festivalDefaultVoice = r.string("festival.default-voice", d.festivalDefaultVoice());
        if (!FESTIVAL_VOICE.matcher(festivalDefaultVoice).matches()) {
            r.problem("festival.default-voice", "'" + festivalDefaultVoice + "' is not valid, expected a Festival "
                    + "voice name (lower-case letters, digits and _, at most 64) such as " + d.festivalDefaultVoice());
        }
        boolean espeakEnabled = r.bool("espeak.enabled", d.espeakEnabled());
        String espeakProgram = r.string("espeak.program", d.espeakProgram());
        r.check();
        return new SynthesisSettings(
                new SynthesisLimits(maxTextChars, timeout, maxOutputBytes, maxConcurrent, queueTimeout),
                tempDir, festivalEnabled, festivalProgram, festivalVoicesDir, festivalDefaultVoice, espeakEnabled,
                espeakProgram);
    }

    public SynthesisSettings withLimits(SynthesisLimits limits) {
        return new SynthesisSettings(limits, tempDir, festivalEnabled, festivalProgram, festivalVoicesDir,
                festivalDefaultVoice, espeakEnabled, espeakProgram);
    }

    public SynthesisSettings withTempDir(Path tempDir) {
        return new SynthesisSettings(limits, tempDir, festivalEnabled, festivalProgram, festivalVoicesDir,
                festivalDefaultVoice, espeakEnabled, espeakProgram);
    }

    public SynthesisSettings withFestivalProgram(String festivalProgram) {
        return new SynthesisSettings(limits, tempDir, festivalEnabled, festivalProgram, festivalVoicesDir,
                festivalDefaultVoice, espeakEnabled, espeakProgram);
    }

    public SynthesisSettings withEspeakProgram(String espeakProgram) {
        return new SynthesisSettings(limits, tempDir, festivalEnabled, festivalProgram, festivalVoicesDir,
                festivalDefaultVoice, espeakEnabled, espeakProgram);
    }
}

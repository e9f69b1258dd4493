package io.crossmodal.audio.tts;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Everything {@link SynthesizerRouter#create} needs; one field per configuration key, which the service reads
 * through {@code AudioServiceConfig.Tts} (documented in {@code audio-service/SYNTHESIS.md} and the service's README):
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
        return new SynthesisSettings(
                SynthesisLimits.defaults(),
                Path.of(System.getProperty("java.io.tmpdir")),
                true,
                FestivalSynthesizer.DEFAULT_PROGRAM,
                FestivalSynthesizer.DEFAULT_VOICES_DIR,
                FestivalSynthesizer.DEFAULT_VOICE,
                true,
                EspeakSynthesizer.DEFAULT_PROGRAM);
    }

    public SynthesisSettings withLimits(SynthesisLimits limits) {
        return new SynthesisSettings(
                limits,
                tempDir,
                festivalEnabled,
                festivalProgram,
                festivalVoicesDir,
                festivalDefaultVoice,
                espeakEnabled,
                espeakProgram);
    }

    public SynthesisSettings withTempDir(Path tempDir) {
        return new SynthesisSettings(
                limits,
                tempDir,
                festivalEnabled,
                festivalProgram,
                festivalVoicesDir,
                festivalDefaultVoice,
                espeakEnabled,
                espeakProgram);
    }

    public SynthesisSettings withFestivalProgram(String festivalProgram) {
        return new SynthesisSettings(
                limits,
                tempDir,
                festivalEnabled,
                festivalProgram,
                festivalVoicesDir,
                festivalDefaultVoice,
                espeakEnabled,
                espeakProgram);
    }

    public SynthesisSettings withEspeakProgram(String espeakProgram) {
        return new SynthesisSettings(
                limits,
                tempDir,
                festivalEnabled,
                festivalProgram,
                festivalVoicesDir,
                festivalDefaultVoice,
                espeakEnabled,
                espeakProgram);
    }
}

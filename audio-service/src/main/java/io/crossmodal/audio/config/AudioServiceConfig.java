package io.crossmodal.audio.config;

import io.crossmodal.audio.asr.PocketSphinxConfig;
import io.crossmodal.audio.tts.SynthesisLimits;
import io.crossmodal.audio.tts.SynthesisSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

/**
 * Settings of the audio service; every key is documented in audio-service/README.md. Quarkus converts and validates
 * them at start-up: a value that does not convert, or breaks a constraint, stops the start with a message naming its
 * key.
 */
@ConfigMapping(prefix = "crossmodal.audio")
public interface AudioServiceConfig {

    /** Root of the prepared model repository (read only). */
    @WithDefault("model-repository")
    String modelRepository();

    /** Voice-activity model, by name in the repository (newest prepared version). */
    @WithDefault("silero-vad")
    String vadModel();

    /** Speech-embedding model, by name in the repository (newest prepared version). */
    @WithDefault("openwakeword-embedding")
    String embeddingModel();

    /**
     * Largest encoded audio accepted, in bytes; checked before anything is parsed. At most 2147483647: a clip is
     * held in one array.
     */
    @Min(1) @Max(Integer.MAX_VALUE) @WithDefault("33554432")
    long maxAudioBytes();

    /**
     * Longest audio accepted, read from the header before decoding where the format tells it. Positive, and at most
     * 134217 s (the 16 kHz float samples must fit one array: {@code AudioLimits.MAX_DURATION_CEILING}).
     */
    @DurationMin(nanos = 0, inclusive = false)
    @DurationMax(seconds = 134_217)
    @WithDefault("600s")
    Duration maxAudioDuration();

    /** Longest a single decode may take before it is aborted; positive. */
    @DurationMin(nanos = 0, inclusive = false)
    @WithDefault("10s")
    Duration decodeTimeout();

    /** Threads that decode audio. */
    @Min(1) @WithDefault("2")
    int decodeThreads();

    /** Most clips one EmbedAudio call may carry. */
    @Min(1) @WithDefault("16")
    int maxClipsPerCall();

    /** Run a short clip through every model before reporting SERVING. */
    @WithDefault("true")
    boolean warmUp();

    /** The recogniser, {@code crossmodal.audio.asr.*} (see also audio-service/ASR.md). */
    Asr asr();

    /** The synthesizers, {@code crossmodal.audio.tts.*} (see also audio-service/SYNTHESIS.md). */
    Tts tts();

    /**
     * {@code crossmodal.audio.asr.*}. The defaults are those of {@link PocketSphinxConfig#defaults()}: the Debian
     * packages {@code libpocketsphinx3} and {@code pocketsphinx-en-us}.
     */
    interface Asr {

        /** PocketSphinx library names or paths, tried in order (a bare name is looked up by the dynamic linker). */
        @WithDefault("libpocketsphinx.so.3,pocketsphinx")
        List<@NotBlank String> library();

        /** Acoustic model directory ({@code -hmm}). */
        @WithDefault("/usr/share/pocketsphinx/model/en-us/en-us")
        Path hmm();

        /** Language model, ARPA or binary ({@code -lm}). */
        @WithDefault("/usr/share/pocketsphinx/model/en-us/en-us.lm.bin")
        Path lm();

        /** Pronunciation dictionary ({@code -dict}). */
        @WithDefault("/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict")
        Path dict();

        /**
         * Further PocketSphinx arguments as on its command line, name/value pairs separated by spaces
         * ({@code -beam 1e-60 -maxhmmpf 20000}); never {@code -hmm}, {@code -lm} or {@code -dict}, which have their
         * own keys.
         */
        Optional<@DecoderArguments String> decoderArgs();

        /** Decoders, so Transcribe calls and open streams at once; about 95 MB of memory each. */
        @Min(1) @WithDefault("2")
        int poolSize();

        /** Milliseconds a call or stream waits for a free decoder before RESOURCE_EXHAUSTED; 0 fails at once. */
        @Min(0) @WithDefault("2000")
        long acquireTimeoutMs();

        /** File PocketSphinx's own log is appended to; unset, the log is discarded. */
        Optional<Path> nativeLog();

        /** Recogniser name reported to clients ({@code model} in requests, ListModels, metrics). */
        @WithDefault("pocketsphinx-en-us")
        String name();

        /** Engine and model version reported by ListModels. */
        @WithDefault("5prealpha-en-us")
        String version();

        /** BCP-47 languages of the model. */
        @WithDefault("en")
        List<@NotBlank String> languages();

        /** These settings as the recogniser takes them. */
        default PocketSphinxConfig toPocketSphinxConfig() {
            // SmallRye splits lists at the commas but keeps the spaces around each value
            return new PocketSphinxConfig(
                    library().stream().map(String::strip).toList(),
                    hmm(),
                    lm(),
                    dict(),
                    decoderArgs().map(PocketSphinxConfig::splitDecoderArgs).orElse(List.of()),
                    poolSize(),
                    Duration.ofMillis(acquireTimeoutMs()),
                    nativeLog(),
                    name().strip(),
                    version().strip(),
                    languages().stream().map(String::strip).toList());
        }
    }

    /**
     * {@code crossmodal.audio.tts.*}. The defaults are those of {@link SynthesisSettings#defaults()}; the bounds are
     * those {@link SynthesisLimits} checks.
     */
    interface Tts {

        /** Longest text in code points, checked before a process starts ({@code max_synthesis_chars}). */
        @Min(1) @WithDefault("2000")
        int maxTextChars();

        /** Wall-clock budget of one synthesis process, positive; then its process tree is killed. */
        @DurationMin(nanos = 0, inclusive = false)
        @WithDefault("30s")
        Duration timeout();

        /** Largest WAV a program may write, in bytes. */
        @Min(1) @Max(SynthesisLimits.OUTPUT_CEILING) @WithDefault("41943040")
        long maxOutputBytes();

        /** Synthesis processes at once over both programs; about 340 MB per Festival process. */
        @Min(1) @WithDefault("2")
        int maxConcurrent();

        /** How long a request waits for a free slot before RESOURCE_EXHAUSTED; zero fails at once. */
        @DurationMin(nanos = 0)
        @WithDefault("5s")
        Duration queueTimeout();

        /** Where each synthesis gets its private working directory (deleted after it). */
        @WithDefault("${java.io.tmpdir}")
        Path tempDir();

        /** {@code crossmodal.audio.tts.festival.*}: English. */
        Festival festival();

        /** {@code crossmodal.audio.tts.espeak.*}: every other language, and English when Festival is missing. */
        Espeak espeak();

        /** These settings as the synthesizers take them. */
        default SynthesisSettings toSynthesisSettings() {
            return new SynthesisSettings(
                    new SynthesisLimits(maxTextChars(), timeout(), maxOutputBytes(), maxConcurrent(), queueTimeout()),
                    tempDir(),
                    festival().enabled(),
                    festival().program().strip(),
                    festival().voicesDir(),
                    festival().defaultVoice(),
                    espeak().enabled(),
                    espeak().program().strip());
        }

        /** {@code crossmodal.audio.tts.festival.*}. */
        interface Festival {

            /** Offer Festival; {@code true} or {@code false} (a typo must not switch it off). */
            @WithConverter(TrueOrFalseConverter.class)
            @WithDefault("true")
            boolean enabled();

            /** text2wave: a path, or a name looked up in PATH. */
            @WithDefault("text2wave")
            String program();

            /** Where Festival voices are discovered. */
            @WithDefault("/usr/share/festival/voices")
            Path voicesDir();

            /** Voice for English requests that name none: a Festival voice name as the synthesizer discovers them. */
            @Pattern(
                    regexp = "[a-z0-9_]{1,64}",
                    message = "must be a Festival voice name (lower-case letters, digits "
                            + "and _, at most 64) such as cmu_us_slt_arctic_hts")
            @WithDefault("cmu_us_slt_arctic_hts")
            String defaultVoice();
        }

        /** {@code crossmodal.audio.tts.espeak.*}. */
        interface Espeak {

            /** Offer espeak-ng; {@code true} or {@code false}. */
            @WithConverter(TrueOrFalseConverter.class)
            @WithDefault("true")
            boolean enabled();

            /** espeak-ng: a path, or a name looked up in PATH. */
            @WithDefault("espeak-ng")
            String program();
        }
    }
}

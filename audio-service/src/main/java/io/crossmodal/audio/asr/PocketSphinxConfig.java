package io.crossmodal.audio.asr;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How to open a {@link PocketSphinxRecognizer}. {@link #defaults()} are the paths of the Debian packages
 * {@code libpocketsphinx3} and {@code pocketsphinx-en-us}; the service builds it from the
 * {@code crossmodal.audio.asr.*} keys ({@code AudioServiceConfig.Asr}, see audio-service/ASR.md).
 *
 * @param libraries native library names or paths to try in order (a name is looked up by the dynamic linker)
 * @param hmm acoustic model directory ({@code -hmm})
 * @param lm language model ({@code -lm}, ARPA or binary)
 * @param dict pronunciation dictionary ({@code -dict})
 * @param decoderArgs further PocketSphinx arguments, as on its command line ({@code -beam 1e-60}); never
 *     {@code -hmm}, {@code -lm} or {@code -dict}
 * @param poolSize how many decoders may exist, so how many calls and streams run at once
 * @param acquireTimeout how long a call or stream waits for a free decoder before {@link RecognizerBusyException}
 * @param nativeLog file the engine's own log is appended to; empty discards it (the log is process-wide)
 * @param name recogniser name reported to clients
 * @param version engine and model version reported to clients
 * @param languages BCP-47 languages of the model
 */
public record PocketSphinxConfig(
        List<String> libraries,
        Path hmm,
        Path lm,
        Path dict,
        List<String> decoderArgs,
        int poolSize,
        Duration acquireTimeout,
        Optional<Path> nativeLog,
        String name,
        String version,
        List<String> languages) {

    public static final Path DEFAULT_MODEL_DIR = Path.of("/usr/share/pocketsphinx/model/en-us");
    public static final Path DEFAULT_HMM = DEFAULT_MODEL_DIR.resolve("en-us");
    public static final Path DEFAULT_LM = DEFAULT_MODEL_DIR.resolve("en-us.lm.bin");
    public static final Path DEFAULT_DICT = DEFAULT_MODEL_DIR.resolve("cmudict-en-us.dict");

    /**
     * Two decoders: one per core of the reference machine; one utterance keeps one core busy. Each decoder holds
     * its own copy of the models, about 95 MB of resident memory with the Debian en-us model, and takes 0.6-0.7 s
     * to create (measured).
     */
    public static final int DEFAULT_POOL_SIZE = 2;

    public static final Duration DEFAULT_ACQUIRE_TIMEOUT = Duration.ofSeconds(2);

    public PocketSphinxConfig {
        libraries = List.copyOf(libraries);
        if (libraries.isEmpty()) {
            throw new IllegalArgumentException("no PocketSphinx library name given");
        }
        Objects.requireNonNull(hmm, "hmm");
        Objects.requireNonNull(lm, "lm");
        Objects.requireNonNull(dict, "dict");
        decoderArgs = List.copyOf(decoderArgs);
        for (String arg : decoderArgs) {
            if (arg.equals("-hmm") || arg.equals("-lm") || arg.equals("-dict")) {
                throw new IllegalArgumentException(arg + " is set by its own key, not in the decoder arguments");
            }
        }
        if (decoderArgs.size() % 2 != 0) {
            throw new IllegalArgumentException("decoder arguments come in name/value pairs: " + decoderArgs);
        }
        if (poolSize < 1) {
            throw new IllegalArgumentException("pool size must be at least 1, was " + poolSize);
        }
        if (acquireTimeout.isNegative()) {
            throw new IllegalArgumentException("acquire timeout must not be negative, was " + acquireTimeout);
        }
        Objects.requireNonNull(nativeLog, "nativeLog");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        languages = List.copyOf(languages);
    }

    /** The Debian paths, two decoders, a two-second wait, the engine's log discarded. */
    public static PocketSphinxConfig defaults() {
        return new PocketSphinxConfig(
                PocketSphinxLibrary.DEFAULT_NAMES,
                DEFAULT_HMM,
                DEFAULT_LM,
                DEFAULT_DICT,
                List.of(),
                DEFAULT_POOL_SIZE,
                DEFAULT_ACQUIRE_TIMEOUT,
                Optional.empty(),
                "pocketsphinx-en-us",
                "5prealpha-en-us",
                List.of("en"));
    }

    /** {@code crossmodal.audio.asr.decoder-args} as arguments: split at runs of white space; blank is none. */
    public static List<String> splitDecoderArgs(String value) {
        String v = value.strip();
        return v.isEmpty() ? List.of() : List.of(v.split("\\s+"));
    }

    /**
     * What is wrong with decoder arguments from the configuration, if anything: not name/value pairs, a name without
     * its {@code -}, a model path that has its own key, a {@code -frate} that is not a positive number.
     */
    public static Optional<String> decoderArgsProblem(List<String> args) {
        if (args.size() % 2 != 0) {
            return Optional.of("'" + String.join(" ", args) + "' is not valid, expected name/value pairs such as "
                    + "-beam 1e-60");
        }
        for (int i = 0; i < args.size(); i += 2) {
            String name = args.get(i);
            if (!name.startsWith("-")) {
                return Optional.of("'" + name + "' is not an argument name (names start with -)");
            }
            if (name.equals("-hmm") || name.equals("-lm") || name.equals("-dict")) {
                return Optional.of(name + " is set by its own key (crossmodal.audio.asr." + name.substring(1)
                        + "), not in the decoder arguments");
            }
            if (name.equals("-frate")) {
                String value = args.get(i + 1);
                if (!value.matches("\\d{1,4}") || Integer.parseInt(value) < 1) {
                    return Optional.of("-frate '" + value + "' is not valid, expected a positive number of frames "
                            + "per second");
                }
            }
        }
        return Optional.empty();
    }

    public PocketSphinxConfig withModel(Path hmm, Path lm, Path dict) {
        return new PocketSphinxConfig(
                libraries, hmm, lm, dict, decoderArgs, poolSize, acquireTimeout, nativeLog, name, version, languages);
    }

    public PocketSphinxConfig withLibraries(List<String> libraries) {
        return new PocketSphinxConfig(
                libraries, hmm, lm, dict, decoderArgs, poolSize, acquireTimeout, nativeLog, name, version, languages);
    }

    public PocketSphinxConfig withDecoderArgs(List<String> decoderArgs) {
        return new PocketSphinxConfig(
                libraries, hmm, lm, dict, decoderArgs, poolSize, acquireTimeout, nativeLog, name, version, languages);
    }

    public PocketSphinxConfig withPool(int poolSize, Duration acquireTimeout) {
        return new PocketSphinxConfig(
                libraries, hmm, lm, dict, decoderArgs, poolSize, acquireTimeout, nativeLog, name, version, languages);
    }

    public PocketSphinxConfig withNativeLog(Optional<Path> nativeLog) {
        return new PocketSphinxConfig(
                libraries, hmm, lm, dict, decoderArgs, poolSize, acquireTimeout, nativeLog, name, version, languages);
    }

    /** Position of argument {@code name} in {@link #decoderArgs()} (names are at even positions), or -1. */
    private int argIndex(String name) {
        for (int i = 0; i < decoderArgs.size(); i += 2) {
            if (decoderArgs.get(i).equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** Frames per second of the acoustic features ({@code -frate}, 100 unless the decoder arguments say). */
    int frameRate() {
        int i = argIndex("-frate");
        return i >= 0 ? Integer.parseInt(decoderArgs.get(i + 1)) : 100;
    }

    /**
     * Arguments this recogniser sets unless {@link #decoderArgs()} does: PocketSphinx's voice-activity detection
     * ({@code -remove_silence}, on by default) is off because 5prealpha then shifts word times after a pause (words
     * of a 12 s clip came out between 9.4 and 20.8 s), and because the service finds speech segments itself.
     */
    public static final List<String> RECOGNIZER_DEFAULT_ARGS = List.of("-remove_silence", "no");

    /** The PocketSphinx command line: program name, model paths, the further arguments, then our defaults. */
    String[] argv() {
        List<String> argv = new java.util.ArrayList<>(
                List.of("crossmodal-audio", "-hmm", hmm.toString(), "-lm", lm.toString(), "-dict", dict.toString()));
        argv.addAll(decoderArgs);
        for (int i = 0; i < RECOGNIZER_DEFAULT_ARGS.size(); i += 2) {
            if (argIndex(RECOGNIZER_DEFAULT_ARGS.get(i)) < 0) {
                argv.add(RECOGNIZER_DEFAULT_ARGS.get(i));
                argv.add(RECOGNIZER_DEFAULT_ARGS.get(i + 1));
            }
        }
        return argv.toArray(String[]::new);
    }
}

package io.crossmodal.audio.asr;

import io.crossmodal.audio.MonoAudio;
import java.lang.ref.Cleaner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Speech recognition with CMU PocketSphinx 5prealpha through JNA ({@link PocketSphinxLibrary}): the Debian
 * packages {@code libpocketsphinx3} (engine) and {@code pocketsphinx-en-us} (US English acoustic model, 3-gram
 * language model, CMU dictionary).
 *
 * <p>Decoders ({@code ps_decoder_t}) are heavy and not thread-safe, so the recogniser keeps a bounded pool of them
 * ({@link PocketSphinxConfig#poolSize()}): a unary call holds one for the call, a stream for its whole life. When
 * all are taken a new call or stream waits up to {@link PocketSphinxConfig#acquireTimeout()}, then fails with
 * {@link RecognizerBusyException}. The first decoder is created by {@link #open}, so that a wrong configuration fails
 * there; the others when first needed.
 *
 * <p>Decoding is PocketSphinx's live mode ({@code ps_process_raw} with {@code full_utt = FALSE}) for unary calls and
 * streams alike, so both give the same transcript for the same samples (see {@link SphinxDecoder} for what makes it
 * independent of chunking and of the decoder's history). Word timings come from the best path's segments, at the
 * feature frame rate (10 ms); word confidence is the segment's lattice posterior ({@code ps_seg_prob} through
 * {@code logmath_exp}), which PocketSphinx computes because {@code -bestpath} is on by default. Partial hypotheses
 * are the first pass's best path so far, without timings.
 */
public final class PocketSphinxRecognizer implements SpeechRecognizer {

    private static final Logger LOG = Logger.getLogger(PocketSphinxRecognizer.class);

    /** Files of a PocketSphinx continuous acoustic model that must be present. */
    private static final List<String> HMM_FILES =
            List.of("mdef", "means", "variances", "transition_matrices", "noisedict");

    /** Gives back the decoders of streams dropped without close(). */
    private static final Cleaner CLEANER = Cleaner.create();

    private final PocketSphinxConfig config;
    private final DecoderPool<SphinxDecoder> pool;

    private PocketSphinxRecognizer(PocketSphinxConfig config, DecoderPool<SphinxDecoder> pool) {
        this.config = config;
        this.pool = pool;
    }

    /** Opens the recogniser with the Debian defaults. */
    public static PocketSphinxRecognizer open() {
        return open(PocketSphinxConfig.defaults());
    }

    /**
     * Checks the model files, loads the library, and creates the first decoder.
     *
     * @throws RecognizerNotInstalledException when the library or a model file is missing, with its name
     * @throws SpeechRecognitionException when PocketSphinx rejects the configuration
     */
    public static PocketSphinxRecognizer open(PocketSphinxConfig config) {
        Objects.requireNonNull(config, "config");
        checkModelFiles(config);
        PocketSphinxLibrary lib = PocketSphinxLibrary.load(config.libraries());
        configureNativeLog(lib, config.nativeLog());
        long start = System.nanoTime();
        SphinxDecoder first = SphinxDecoder.create(lib, config);
        LOG.infof(
                "PocketSphinx decoder created in %d ms (hmm %s, lm %s, dict %s); pool of %d",
                (System.nanoTime() - start) / 1_000_000, config.hmm(), config.lm(), config.dict(), config.poolSize());
        if (!first.resetsCmn()) {
            LOG.warn("PocketSphinx's feature structure does not look like SphinxBase 5prealpha's: the cepstral mean"
                    + " is not reset between utterances, so results depend on what the decoder heard before");
        }
        DecoderPool<SphinxDecoder> pool = new DecoderPool<>(
                config.name(),
                config.poolSize(),
                config.acquireTimeout(),
                () -> SphinxDecoder.create(lib, config),
                SphinxDecoder::free);
        pool.offer(first);
        return new PocketSphinxRecognizer(config, pool);
    }

    private static void checkModelFiles(PocketSphinxConfig config) {
        String pkg = " (Debian package pocketsphinx-en-us for the default model)";
        if (!Files.isDirectory(config.hmm())) {
            throw new RecognizerNotInstalledException("PocketSphinx acoustic model directory not found: " + config.hmm()
                    + " (crossmodal.audio.asr.hmm)" + pkg);
        }
        for (String name : HMM_FILES) {
            requireFile(config.hmm().resolve(name), "acoustic model file", "crossmodal.audio.asr.hmm", pkg);
        }
        if (!Files.isReadable(config.hmm().resolve("sendump"))
                && !Files.isReadable(config.hmm().resolve("mixture_weights"))) {
            throw new RecognizerNotInstalledException("PocketSphinx acoustic model has neither sendump nor "
                    + "mixture_weights in " + config.hmm() + " (crossmodal.audio.asr.hmm)" + pkg);
        }
        requireFile(config.lm(), "language model", "crossmodal.audio.asr.lm", pkg);
        requireFile(config.dict(), "dictionary", "crossmodal.audio.asr.dict", pkg);
    }

    private static void requireFile(Path file, String what, String key, String pkg) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new RecognizerNotInstalledException(
                    "PocketSphinx " + what + " not found or not readable: " + file + " (" + key + ")" + pkg);
        }
    }

    /** The engine logs through one process-wide file handle. */
    private static synchronized void configureNativeLog(PocketSphinxLibrary lib, Optional<Path> file) {
        if (file.isEmpty()) {
            lib.err_set_logfp(null);
        } else if (lib.err_set_logfile(file.get().toString()) < 0) {
            throw new SpeechRecognitionException(
                    "Cannot open the PocketSphinx log file " + file.get() + " (crossmodal.audio.asr.native-log)");
        }
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public String version() {
        return config.version();
    }

    @Override
    public List<String> languages() {
        return config.languages();
    }

    public PocketSphinxConfig config() {
        return config;
    }

    /** How many decoders may exist, so how many calls and streams run at once. */
    public int poolSize() {
        return pool.size();
    }

    /** Decoders held by calls and streams right now. */
    public int decodersInUse() {
        return pool.inUse();
    }

    /** Decoders created and idle in the pool (decoders not created yet are not counted). */
    public int decodersIdle() {
        return pool.idle();
    }

    /** Calls and streams waiting for a decoder right now. */
    public int callsWaiting() {
        return pool.waiting();
    }

    /** Calls and streams refused so far with {@link RecognizerBusyException} (no decoder came free in time). */
    public long callsRejected() {
        return pool.rejected();
    }

    /** Decoders created since {@link #open}, for tests: reuse keeps it at most {@link #poolSize()}. */
    int decodersCreated() {
        return pool.created();
    }

    @Override
    public Transcript transcribe(MonoAudio audio16k) {
        requireModelRate(audio16k);
        SphinxDecoder decoder = pool.acquire();
        Transcript transcript;
        try {
            decoder.begin();
            decoder.feed(audio16k.samples(), 0, audio16k.samples().length);
            transcript = decoder.end();
        } catch (RuntimeException | Error e) {
            // a decoder the engine failed on is not trusted again
            pool.release(decoder, !(e instanceof SpeechRecognitionException) && abandon(decoder));
            throw e;
        }
        pool.release(decoder, true);
        return transcript;
    }

    @Override
    public RecognitionStream openStream() {
        SphinxDecoder decoder = pool.acquire();
        try {
            decoder.begin();
        } catch (RuntimeException e) {
            pool.release(decoder, false);
            throw e;
        }
        return new Stream(decoder);
    }

    @Override
    public void close() {
        pool.close();
    }

    private static void requireModelRate(MonoAudio audio) {
        Objects.requireNonNull(audio, "audio");
        if (audio.sampleRate() != MonoAudio.MODEL_RATE) {
            throw new IllegalArgumentException("PocketSphinx takes " + MonoAudio.MODEL_RATE + " Hz audio, got "
                    + audio.sampleRate() + " Hz: resample it first");
        }
    }

    /** Ends a failed or cancelled utterance; whether the decoder can be reused. */
    private static boolean abandon(SphinxDecoder decoder) {
        try {
            decoder.abandon();
            return true;
        } catch (RuntimeException e) {
            LOG.debug("PocketSphinx decoder dropped after a failed utterance", e);
            return false;
        }
    }

    /**
     * A stream: its {@link Lease} holds the decoder until the stream is finished or closed, or, as a safety net,
     * until the garbage collector finds the stream dropped without either (logged: a bug in the caller).
     */
    private final class Stream implements RecognitionStream {

        private final Lease lease;
        private final Cleaner.Cleanable cleanable;
        private String partial = "";

        Stream(SphinxDecoder decoder) {
            this.lease = new Lease(pool, decoder);
            this.cleanable = CLEANER.register(this, lease);
        }

        @Override
        public String accept(float[] samples16k) {
            Objects.requireNonNull(samples16k, "samples16k");
            synchronized (lease) {
                SphinxDecoder decoder = lease.require();
                try {
                    decoder.feed(samples16k, 0, samples16k.length);
                    if (decoder.advanced()) {
                        partial = decoder.partial();
                    }
                    return partial;
                } catch (RuntimeException e) {
                    lease.giveBack(false, "failed");
                    throw e;
                }
            }
        }

        @Override
        public Transcript finish() {
            synchronized (lease) {
                SphinxDecoder decoder = lease.require();
                try {
                    Transcript transcript = decoder.end();
                    lease.giveBack(true, "finished");
                    return transcript;
                } catch (RuntimeException e) {
                    lease.giveBack(false, "failed");
                    throw e;
                } finally {
                    cleanable.clean(); // nothing left to give back: unregisters
                }
            }
        }

        @Override
        public void close() {
            lease.close(); // waits for a running accept
            cleanable.clean(); // unregisters; the lease has nothing left to give back
        }
    }

    /** The decoder a stream holds; does not refer to the stream, so that the cleaner can run it. */
    private static final class Lease implements Runnable {

        private final DecoderPool<SphinxDecoder> pool;
        private SphinxDecoder decoder; // guarded by this; null once given back
        private String endedBy; // why accept and finish are no longer allowed

        Lease(DecoderPool<SphinxDecoder> pool, SphinxDecoder decoder) {
            this.pool = pool;
            this.decoder = decoder;
        }

        synchronized SphinxDecoder require() {
            if (decoder == null) {
                throw new IllegalStateException("The recognition stream is " + endedBy);
            }
            return decoder;
        }

        synchronized void giveBack(boolean reusable, String why) {
            SphinxDecoder d = decoder;
            decoder = null;
            endedBy = why;
            pool.release(d, reusable);
        }

        /** The caller's close(): abandons an unfinished utterance. */
        synchronized void close() {
            if (decoder != null) {
                giveBack(abandon(decoder), "closed");
            }
        }

        /** The cleaner's action: finish and close have already given the decoder back, so this is a leak. */
        @Override
        public synchronized void run() {
            if (decoder != null) {
                LOG.warn("A recognition stream was dropped without close(): its decoder is given back now");
                close();
            }
        }
    }
}

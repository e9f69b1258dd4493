package io.crossmodal.audio.asr;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.StringArray;
import com.sun.jna.ptr.IntByReference;
import io.crossmodal.audio.asr.PocketSphinxLibrary.CmnHead;
import io.crossmodal.audio.asr.PocketSphinxLibrary.FeatHead;
import io.crossmodal.audio.asr.PocketSphinxLibrary.SizeT;
import io.crossmodal.audio.asr.Transcript.Word;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One native PocketSphinx decoder ({@code ps_decoder_t}) and the utterance it is decoding. Not thread-safe, like
 * the decoder: the pool hands it to one call or stream at a time.
 *
 * <h2>Why results do not depend on chunking or on history</h2>
 *
 * <p>PocketSphinx keeps state from one utterance to the next, so the same audio decoded twice on one decoder, or cut
 * into different chunks, would not give the same result:
 *
 * <ul>
 *   <li>live decoding ({@code full_utt = FALSE}) normalises cepstra with a running mean (SphinxBase
 *       {@code cmn_live}) that is updated at the end of each batch of frames once it has seen 800 of them, and at
 *       the end of each utterance, when it is carried over to the next one;
 *   <li>the front end's noise estimate lives across utterances until {@code ps_start_stream};
 *   <li>something in the search outlives the utterance too: decoding the same clip after different clips moved
 *       the posteriors of its first words by up to 0.005 (words and timings did not change), with every option
 *       above dealt with. The likely cause, from reading {@code ngram_search_fwdtree.c}: the first pass does not
 *       clear its lexicon-tree root HMMs when an utterance starts, and an HMM is active when its frame stamp
 *       equals the current frame, so one left at frame f by the previous utterance comes back at frame f.
 * </ul>
 *
 * <p>Hence:
 *
 * <ul>
 *   <li>samples reach {@code ps_process_raw} only in blocks of {@link #BLOCK_SAMPLES} (the remainder at the end of
 *       the utterance), whatever chunks the caller passed: unary calls and streams make the same native calls;
 *   <li>each utterance starts with {@code ps_start_stream} (noise statistics and sample counter reset) and with
 *       the cepstral-mean state copied back as it was right after {@code ps_init} (mean = the model's
 *       {@code -cmninit}, no frames counted);
 *   <li>before each utterance the decoder first decodes {@link #RESET_SAMPLES} of digital silence and drops the
 *       result: measured, that leaves the search in the same state whatever came before (fresh decoder, short or
 *       long speech, silence); 0.125 s is the shortest that did, 0.15 s is used and costs about 40 ms of CPU.
 *       PocketSphinxRecognizerTest checks it.
 * </ul>
 */
final class SphinxDecoder {

    /** Samples per {@code ps_process_raw} call: 100 ms, the granularity of partial hypotheses. */
    static final int BLOCK_SAMPLES = 1_600;

    /** Digital silence decoded before each utterance to put the search in the same state: 150 ms. */
    static final int RESET_SAMPLES = 2_400;

    private static final Pattern ALTERNATE_PRONUNCIATION = Pattern.compile("\\(\\d+\\)$");

    private final PocketSphinxLibrary lib;
    private final StringArray argv; // the configuration may point into it: kept until the configuration is freed
    private final Pointer config;
    private final Pointer ps;
    private final Pointer logmath;
    private final int frameRate;
    private final CmnHead cmn; // null when the structure did not look as expected: no reset (logged at creation)
    private final int[] cmnMean0;
    private final int[] cmnSum0;
    private final int cmnFrames0;
    private final long pcmPeer = Native.malloc(2L * BLOCK_SAMPLES); // freed with the decoder
    private final Pointer pcm = new Pointer(pcmPeer);
    private final short[] block = new short[BLOCK_SAMPLES];
    private final SizeT blockSize = new SizeT(BLOCK_SAMPLES);
    private final IntByReference score = new IntByReference();
    private int filled;
    private boolean inUtterance;
    private boolean processedSinceHypothesis;
    private boolean freed;

    private SphinxDecoder(PocketSphinxLibrary lib, StringArray argv, Pointer config, Pointer ps, int frameRate) {
        this.lib = lib;
        this.argv = argv;
        this.config = config;
        this.ps = ps;
        this.logmath = lib.ps_get_logmath(ps);
        this.frameRate = frameRate;
        CmnHead found = null;
        Pointer feat = lib.ps_get_feat(ps);
        if (feat != null) {
            FeatHead head = new FeatHead(feat);
            if (head.cmn_struct != null) {
                CmnHead c = new CmnHead(head.cmn_struct);
                if (c.veclen == head.cepsize && c.veclen > 0 && c.veclen <= 64 && c.cmn_mean != null && c.sum != null) {
                    found = c;
                }
            }
        }
        this.cmn = found;
        if (found != null) {
            cmnMean0 = found.cmn_mean.getIntArray(0, found.veclen);
            cmnSum0 = found.sum.getIntArray(0, found.veclen);
            cmnFrames0 = found.nframe;
        } else {
            cmnMean0 = null;
            cmnSum0 = null;
            cmnFrames0 = 0;
        }
    }

    /**
     * Creates a decoder; slow (0.6-0.7 s: the model files are read).
     *
     * @throws SpeechRecognitionException when PocketSphinx rejects the arguments or cannot load the models
     */
    static SphinxDecoder create(PocketSphinxLibrary lib, PocketSphinxConfig settings) {
        String[] args = settings.argv();
        StringArray argv = new StringArray(args);
        Pointer config = lib.cmd_ln_parse_r(null, lib.ps_args(), args.length, argv, 1);
        if (config == null) {
            throw new SpeechRecognitionException("PocketSphinx rejected its arguments "
                    + Arrays.asList(args).subList(1, args.length) + nativeLogHint(settings));
        }
        Pointer ps = lib.ps_init(config);
        if (ps == null) {
            lib.cmd_ln_free_r(config);
            throw new SpeechRecognitionException("PocketSphinx could not create a decoder from " + settings.hmm() + ", "
                    + settings.lm() + " and " + settings.dict() + nativeLogHint(settings));
        }
        try {
            return new SphinxDecoder(lib, argv, config, ps, settings.frameRate());
        } catch (RuntimeException | Error e) {
            lib.ps_free(ps);
            lib.cmd_ln_free_r(config);
            throw e;
        }
    }

    private static String nativeLogHint(PocketSphinxConfig settings) {
        return settings.nativeLog()
                .map(p -> "; see its log in " + p)
                .orElse("; set crossmodal.audio.asr.native-log to a file to see its log");
    }

    /** Whether the cepstral-mean state is reset before each utterance (false only with an unexpected ABI). */
    boolean resetsCmn() {
        return cmn != null;
    }

    /** Starts an utterance, from the same state whatever the decoder did before. */
    void begin() {
        require(!inUtterance, "utterance already started");
        start();
        feed(new float[RESET_SAMPLES], 0, RESET_SAMPLES);
        end();
        start();
    }

    private void start() {
        check(lib.ps_start_stream(ps) >= 0, "ps_start_stream failed");
        if (cmn != null) {
            cmn.cmn_mean.write(0, cmnMean0, 0, cmnMean0.length);
            cmn.sum.write(0, cmnSum0, 0, cmnSum0.length);
            cmn.nframe = cmnFrames0;
            cmn.writeField("nframe");
        }
        check(lib.ps_start_utt(ps) >= 0, "ps_start_utt failed");
        inUtterance = true;
        filled = 0;
        processedSinceHypothesis = false;
    }

    /** Decodes {@code samples[offset, offset + length)} (16 kHz, [-1, 1], clipped), in whole blocks. */
    void feed(float[] samples, int offset, int length) {
        require(inUtterance, "no utterance started");
        int end = offset + length;
        int i = offset;
        while (i < end) {
            int n = Math.min(BLOCK_SAMPLES - filled, end - i);
            Pcm16.convert(samples, i, block, filled, n);
            filled += n;
            i += n;
            if (filled == BLOCK_SAMPLES) {
                process(blockSize);
            }
        }
    }

    private void process(SizeT count) {
        int n = count.intValue();
        pcm.write(0, block, 0, n);
        int frames = lib.ps_process_raw(ps, pcm, count, 0, 0);
        check(frames >= 0, "ps_process_raw failed (" + frames + ")");
        filled = 0;
        processedSinceHypothesis = true;
    }

    /** Whether audio was decoded since the last {@link #partial()}. */
    boolean advanced() {
        return processedSinceHypothesis;
    }

    /** The best hypothesis so far (first pass), cleaned like the final words; empty when there is none. */
    String partial() {
        require(inUtterance, "no utterance started");
        processedSinceHypothesis = false;
        String hyp = lib.ps_get_hyp(ps, score);
        if (hyp == null || hyp.isBlank()) {
            return "";
        }
        List<String> words = new ArrayList<>();
        for (String token : hyp.trim().split("\\s+")) {
            String word = cleanWord(token);
            if (word != null) {
                words.add(word);
            }
        }
        return String.join(" ", words);
    }

    /** Decodes the remainder, ends the utterance and reads the best path's words with times and posteriors. */
    Transcript end() {
        require(inUtterance, "no utterance started");
        if (filled > 0) {
            process(new SizeT(filled));
        }
        inUtterance = false;
        check(lib.ps_end_utt(ps) >= 0, "ps_end_utt failed");
        List<Word> words = new ArrayList<>();
        IntByReference startFrame = new IntByReference();
        IntByReference endFrame = new IntByReference();
        IntByReference ascr = new IntByReference();
        IntByReference lscr = new IntByReference();
        IntByReference lback = new IntByReference();
        Pointer seg = lib.ps_seg_iter(ps);
        try {
            while (seg != null) {
                String word = cleanWord(lib.ps_seg_word(seg));
                if (word != null) {
                    lib.ps_seg_frames(seg, startFrame, endFrame);
                    int logPosterior = lib.ps_seg_prob(seg, ascr, lscr, lback);
                    double posterior = lib.logmath_exp(logmath, logPosterior);
                    float confidence = (float) Math.max(0, Math.min(1, posterior));
                    long start = frameToMillis(startFrame.getValue());
                    long stop = frameToMillis(endFrame.getValue() + 1);
                    words.add(new Word(word, start, Math.max(start, stop), confidence));
                }
                seg = lib.ps_seg_next(seg); // frees the iterator when it returns NULL
            }
        } finally {
            if (seg != null) {
                lib.ps_seg_free(seg);
            }
        }
        return Transcript.of(words);
    }

    /** Ends an unfinished utterance without reading it, so that the decoder can start another. */
    void abandon() {
        if (inUtterance) {
            inUtterance = false;
            filled = 0;
            check(lib.ps_end_utt(ps) >= 0, "ps_end_utt failed");
        }
    }

    boolean inUtterance() {
        return inUtterance;
    }

    /** Frees the native decoder and its configuration. Idempotent. */
    void free() {
        if (!freed) {
            freed = true;
            lib.ps_free(ps);
            lib.cmd_ln_free_r(config);
            Native.free(pcmPeer);
        }
    }

    private long frameToMillis(int frame) {
        return Math.max(0, (long) frame * 1000 / frameRate);
    }

    /**
     * The dictionary word of a segment or hypothesis token, or null for what is not a word: sentence markers
     * ({@code <s>}, {@code </s>}), silence ({@code <sil>}) and noise fillers ({@code [NOISE]}, {@code ++UM++}).
     * Alternate pronunciations ({@code read(2)}) are the same word.
     */
    static String cleanWord(String token) {
        if (token == null) {
            return null;
        }
        String t = token.trim();
        if (t.isEmpty() || t.startsWith("<") || t.startsWith("[") || t.startsWith("++")) {
            return null;
        }
        t = ALTERNATE_PRONUNCIATION.matcher(t).replaceFirst("");
        return t.isEmpty() ? null : t;
    }

    private static void require(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException(what);
        }
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new SpeechRecognitionException("PocketSphinx: " + what);
        }
    }
}

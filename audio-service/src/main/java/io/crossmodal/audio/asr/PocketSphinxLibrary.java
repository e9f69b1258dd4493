package io.crossmodal.audio.asr;

import com.sun.jna.IntegerType;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import com.sun.jna.StringArray;
import com.sun.jna.Structure;
import com.sun.jna.ptr.IntByReference;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * JNA binding of the C API of PocketSphinx 5prealpha (Debian {@code libpocketsphinx3}, soname
 * {@code libpocketsphinx.so.3}) and of the few SphinxBase functions it needs ({@code libsphinxbase.so.3}).
 *
 * <p>The SphinxBase functions are looked up through the PocketSphinx handle: {@code dlsym} on a library handle also
 * searches that library's dependencies, and {@code libpocketsphinx.so.3} links {@code libsphinxbase.so.3}, so one
 * interface covers both.
 *
 * <p>Signatures follow {@code pocketsphinx.h}, {@code cmd_ln.h}, {@code logmath.h} and {@code err.h} of
 * 0.8+5prealpha+1; every pointer type is opaque ({@link Pointer}) except the two structures the recogniser has to
 * read ({@link FeatHead}, {@link CmnHead}).
 */
public interface PocketSphinxLibrary extends Library {

    /** Library names tried by default, in order: the soname (found through the ld.so cache), then the -dev symlink. */
    List<String> DEFAULT_NAMES = List.of("libpocketsphinx.so.3", "pocketsphinx");

    // pocketsphinx.h

    /** {@code arg_t const *ps_args(void)}: the decoder's argument definitions (static, never freed). */
    Pointer ps_args();

    /** {@code ps_decoder_t *ps_init(cmd_ln_t *config)}; NULL on failure. */
    Pointer ps_init(Pointer config);

    /** {@code int ps_free(ps_decoder_t *ps)}. */
    int ps_free(Pointer ps);

    /** {@code logmath_t *ps_get_logmath(ps_decoder_t *ps)}; owned by the decoder. */
    Pointer ps_get_logmath(Pointer ps);

    /** {@code feat_t *ps_get_feat(ps_decoder_t *ps)}; owned by the decoder. */
    Pointer ps_get_feat(Pointer ps);

    /** {@code int ps_start_stream(ps_decoder_t *ps)}: resets the front end's noise statistics and sample counter. */
    int ps_start_stream(Pointer ps);

    /** {@code int ps_start_utt(ps_decoder_t *ps)}. */
    int ps_start_utt(Pointer ps);

    /**
     * {@code int ps_process_raw(ps_decoder_t *ps, int16 const *data, size_t n_samples, int no_search,
     * int full_utt)}: frames searched, negative on error.
     */
    int ps_process_raw(Pointer ps, Pointer data, SizeT nSamples, int noSearch, int fullUtt);

    /** {@code int ps_end_utt(ps_decoder_t *ps)}. */
    int ps_end_utt(Pointer ps);

    /** {@code char const *ps_get_hyp(ps_decoder_t *ps, int32 *out_best_score)}; NULL when there is none. */
    String ps_get_hyp(Pointer ps, IntByReference outBestScore);

    /** {@code ps_seg_t *ps_seg_iter(ps_decoder_t *ps)}; NULL when there is no hypothesis. */
    Pointer ps_seg_iter(Pointer ps);

    /** {@code ps_seg_t *ps_seg_next(ps_seg_t *seg)}; NULL at the end, when the iterator has freed itself. */
    Pointer ps_seg_next(Pointer seg);

    /** {@code char const *ps_seg_word(ps_seg_t *seg)}. */
    String ps_seg_word(Pointer seg);

    /** {@code void ps_seg_frames(ps_seg_t *seg, int *out_sf, int *out_ef)}: first and last frame, inclusive. */
    void ps_seg_frames(Pointer seg, IntByReference outStartFrame, IntByReference outEndFrame);

    /**
     * {@code int32 ps_seg_prob(ps_seg_t *seg, int32 *out_ascr, int32 *out_lscr, int32 *out_lback)}: log posterior
     * of the word, in the decoder's log base (0 = probability 1 unless bestpath ran).
     */
    int ps_seg_prob(Pointer seg, IntByReference outAscr, IntByReference outLscr, IntByReference outLback);

    /** {@code void ps_seg_free(ps_seg_t *seg)}: ends an iteration early. */
    void ps_seg_free(Pointer seg);

    // cmd_ln.h (sphinxbase)

    /**
     * {@code cmd_ln_t *cmd_ln_parse_r(cmd_ln_t *inout, arg_t const *defn, int32 argc, char *argv[],
     * int32 strict)}: argv[0] is skipped as the program name; NULL on failure.
     */
    Pointer cmd_ln_parse_r(Pointer inout, Pointer defn, int argc, StringArray argv, int strict);

    /** {@code int cmd_ln_free_r(cmd_ln_t *cmdln)}: new reference count. */
    int cmd_ln_free_r(Pointer cmdln);

    // logmath.h (sphinxbase)

    /** {@code float64 logmath_exp(logmath_t *lmath, int logb_p)}. */
    double logmath_exp(Pointer logmath, int logbP);

    // err.h (sphinxbase): logging is process-wide

    /** {@code void err_set_logfp(FILE *stream)}: NULL disables logging. */
    void err_set_logfp(Pointer stream);

    /** {@code int err_set_logfile(const char *path)}: appends the log to a file; negative on failure. */
    int err_set_logfile(String path);

    /**
     * Loads the first of {@code names} that the dynamic linker finds and checks that every function of this
     * interface resolves, so that a missing or incompatible library fails here, with the names tried, and not at
     * the first call.
     *
     * @throws RecognizerNotInstalledException when none loads or a function is missing
     */
    static PocketSphinxLibrary load(List<String> names) {
        Map<String, Object> options = Map.of(Library.OPTION_STRING_ENCODING, "UTF-8");
        List<String> failures = new ArrayList<>();
        for (String name : names) {
            NativeLibrary handle;
            try {
                handle = NativeLibrary.getInstance(name, options);
            } catch (UnsatisfiedLinkError e) {
                failures.add(name + ": " + firstLine(e.getMessage()));
                continue;
            }
            for (Method method : PocketSphinxLibrary.class.getMethods()) {
                if (!java.lang.reflect.Modifier.isStatic(method.getModifiers())) {
                    try {
                        handle.getFunction(method.getName());
                    } catch (UnsatisfiedLinkError e) {
                        throw new RecognizerNotInstalledException(
                                "The PocketSphinx library " + handle.getFile()
                                        + " has no function " + method.getName()
                                        + "; this recogniser needs the 5prealpha API (Debian libpocketsphinx3)",
                                e);
                    }
                }
            }
            return Native.load(name, PocketSphinxLibrary.class, options);
        }
        throw new RecognizerNotInstalledException("Cannot load the PocketSphinx library (tried " + failures
                + "); install the Debian package libpocketsphinx3 or set crossmodal.audio.asr.library");
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "not found";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** C {@code size_t}. */
    final class SizeT extends IntegerType {
        private static final long serialVersionUID = 1L;

        public SizeT() {
            this(0);
        }

        public SizeT(long value) {
            super(Native.SIZE_T_SIZE, value, true);
        }
    }

    /**
     * The head of SphinxBase's {@code struct feat_s} ({@code feat.h}), up to {@code cmn_struct}: the recogniser reads
     * it only to find the cepstral-mean state it resets before each utterance. The header publishes the layout; JNA
     * applies the platform's alignment.
     */
    @Structure.FieldOrder({
        "refcount",
        "name",
        "cepsize",
        "n_stream",
        "stream_len",
        "window_size",
        "n_sv",
        "sv_len",
        "subvecs",
        "sv_buf",
        "sv_dim",
        "cmn",
        "varnorm",
        "agc",
        "compute_feat",
        "cmn_struct"
    })
    class FeatHead extends Structure {
        public int refcount;
        public Pointer name;
        public int cepsize;
        public int n_stream;
        public Pointer stream_len;
        public int window_size;
        public int n_sv;
        public Pointer sv_len;
        public Pointer subvecs;
        public Pointer sv_buf;
        public int sv_dim;
        public int cmn;
        public int varnorm;
        public int agc;
        public Pointer compute_feat;
        public Pointer cmn_struct;

        public FeatHead(Pointer p) {
            super(p);
            read();
        }
    }

    /** SphinxBase's {@code cmn_t} ({@code cmn.h}): running cepstral mean of live CMN. */
    @Structure.FieldOrder({"cmn_mean", "cmn_var", "sum", "nframe", "veclen"})
    class CmnHead extends Structure {
        public Pointer cmn_mean;
        public Pointer cmn_var;
        public Pointer sum;
        public int nframe;
        public int veclen;

        public CmnHead(Pointer p) {
            super(p);
            read();
        }
    }
}

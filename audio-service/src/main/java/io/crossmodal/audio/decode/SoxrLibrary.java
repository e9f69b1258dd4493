package io.crossmodal.audio.decode;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The few functions of libsoxr, the SoX Resampler library (Debian package {@code libsoxr0}), that {@link Resampler}
 * calls through JNA. Declarations follow {@code soxr.h} of libsoxr 0.1.3; {@code size_t} is a Java {@code long}
 * (64-bit Linux only, like the rest of the service's natives).
 */
interface SoxrLibrary extends Library {

    /** {@code SOXR_FLOAT32_I}: interleaved 32-bit float, our sample type in and out. */
    int FLOAT32_I = 0;
    /** {@code SOXR_HQ}: the "high quality" recipe, 20-bit precision. */
    long HQ = 4;

    /** {@code soxr_io_spec_t}. */
    @Structure.FieldOrder({"itype", "otype", "scale", "e", "flags"})
    class IoSpec extends Structure {
        public int itype;
        public int otype;
        public double scale;
        public Pointer e;
        public NativeLong flags;

        public static class ByValue extends IoSpec implements Structure.ByValue {}
    }

    /** {@code soxr_quality_spec_t}. */
    @Structure.FieldOrder({"precision", "phaseResponse", "passbandEnd", "stopbandBegin", "e", "flags"})
    class QualitySpec extends Structure {
        public double precision;
        public double phaseResponse;
        public double passbandEnd;
        public double stopbandBegin;
        public Pointer e;
        public NativeLong flags;

        public static class ByValue extends QualitySpec implements Structure.ByValue {}
    }

    static SoxrLibrary load() {
        try {
            return Native.load("soxr", SoxrLibrary.class);
        } catch (UnsatisfiedLinkError e) {
            throw new IllegalStateException(
                    "libsoxr (the SoX Resampler library) is not installed: the audio service "
                            + "needs the Debian package libsoxr0 (./crossmodal test and the audio image install it)",
                    e);
        }
    }

    IoSpec.ByValue soxr_io_spec(int itype, int otype);

    QualitySpec.ByValue soxr_quality_spec(NativeLong recipe, NativeLong flags);

    /** Returns the resampler, or null with {@code error} set. */
    Pointer soxr_create(
            double inputRate,
            double outputRate,
            int channels,
            PointerByReference error,
            IoSpec io,
            QualitySpec quality,
            Pointer runtime);

    /** {@code in == null} signals the end of the input (then {@code idone} may be null). Returns null or an error. */
    String soxr_process(
            Pointer resampler,
            float[] in,
            long ilen,
            LongByReference idone,
            float[] out,
            long olen,
            LongByReference odone);

    void soxr_delete(Pointer resampler);
}

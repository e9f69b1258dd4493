package io.crossmodal.audio.decode;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The container/codec formats the decoder reads, recognised from their first bytes (magic numbers). The client's
 * MIME type is only a hint: the sniffed format always wins. The names are those of {@code AudioInfo.format}.
 */
public enum AudioContainer {
    /** RIFF/WAVE: PCM, IEEE float, A-law, mu-law, also as WAVE_FORMAT_EXTENSIBLE. */
    WAV("wav", List.of("audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave", "audio/x-pn-wav")),
    /** RF64 (EBU Tech 3306) and BW64 (ITU-R BS.2088): WAV with 64-bit sizes in a {@code ds64} chunk. */
    RF64("rf64", List.of("audio/rf64", "audio/x-rf64", "audio/bw64")),
    /** Native FLAC ({@code fLaC}), optionally after an ID3v2 tag. */
    FLAC("flac", List.of("audio/flac", "audio/x-flac")),
    /** MPEG-1/2/2.5 audio layer I, II and III, optionally after ID3v2 tags. */
    MP3("mp3", List.of("audio/mpeg", "audio/mp3", "audio/mpeg3", "audio/x-mpeg", "audio/x-mp3", "audio/mpa")),
    /** Ogg with a Vorbis stream. */
    OGG("ogg", List.of("audio/ogg", "audio/vorbis", "audio/x-vorbis+ogg", "application/ogg", "audio/x-ogg"));

    private final String formatName;
    private final List<String> mimeTypes;

    AudioContainer(String formatName, List<String> mimeTypes) {
        this.formatName = formatName;
        this.mimeTypes = mimeTypes;
    }

    /** Lower-case name as reported to clients ({@code AudioInfo.format}): "wav", "rf64", "flac", "mp3", "ogg". */
    public String formatName() {
        return formatName;
    }

    /** The MIME types that name this format, the canonical one first. */
    public List<String> mimeTypes() {
        return mimeTypes;
    }

    /**
     * The format a MIME type names, ignoring case and parameters ({@code "audio/WAV; codecs=1"} is WAV); empty for
     * an empty, unknown or non-audio type.
     */
    public static Optional<AudioContainer> fromMimeType(String mimeType) {
        String bare = bareMimeType(mimeType);
        for (AudioContainer format : values()) {
            if (format.mimeTypes.contains(bare)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }

    static String bareMimeType(String mimeType) {
        if (mimeType == null) {
            return "";
        }
        int semicolon = mimeType.indexOf(';');
        return (semicolon >= 0 ? mimeType.substring(0, semicolon) : mimeType)
                .trim()
                .toLowerCase(Locale.ROOT);
    }

    /** True when the sniffed format and the MIME type's format agree for the purpose of a mismatch flag. */
    static boolean mimeTypeMatches(AudioContainer sniffed, String mimeType) {
        if (mimeType == null || mimeType.isBlank()) {
            return true;
        }
        Optional<AudioContainer> declared = fromMimeType(mimeType);
        if (declared.isEmpty()) {
            return false;
        }
        // RF64 is commonly sent as audio/wav.
        return declared.get() == sniffed || (sniffed == RF64 && declared.get() == WAV);
    }

    /**
     * The format whose magic number starts {@code data} (from its position; the buffer is not moved), or empty.
     *
     * <ul>
     *   <li>WAV: {@code "RIFF"}, 4 size bytes, {@code "WAVE"}</li>
     *   <li>RF64: {@code "RF64"} or {@code "BW64"}, 4 size bytes, {@code "WAVE"}</li>
     *   <li>FLAC: {@code "fLaC"}, or ID3v2 tags followed by {@code "fLaC"}</li>
     *   <li>MP3: ID3v2 tags followed by anything else, or an MPEG audio frame header (11 sync bits, a valid
     *       version, layer, bit rate and sample rate) whose frame is followed by another frame header or the end of
     *       the data</li>
     *   <li>Ogg: {@code "OggS"} (the codec is checked when decoding: only Vorbis is read)</li>
     * </ul>
     */
    public static Optional<AudioContainer> sniff(ByteBuffer data) {
        ByteBuffer b = data.slice();
        if (startsWith(b, 0, "RIFF") && startsWith(b, 8, "WAVE")) {
            return Optional.of(WAV);
        }
        if ((startsWith(b, 0, "RF64") || startsWith(b, 0, "BW64")) && startsWith(b, 8, "WAVE")) {
            return Optional.of(RF64);
        }
        if (startsWith(b, 0, "fLaC")) {
            return Optional.of(FLAC);
        }
        if (startsWith(b, 0, "OggS")) {
            return Optional.of(OGG);
        }
        if (startsWith(b, 0, "ID3")) {
            long after = Id3.skipId3v2Tags(b);
            if (after >= 0 && after + 4 <= b.remaining() && startsWith(b, (int) after, "fLaC")) {
                return Optional.of(FLAC);
            }
            return Optional.of(MP3);
        }
        if (MpegHeader.isPlausibleStart(b)) {
            return Optional.of(MP3);
        }
        return Optional.empty();
    }

    /**
     * A name for a well-known audio format the decoder does not read, for a clearer error message; empty when the
     * bytes look like nothing known.
     */
    static Optional<String> recogniseUnsupported(ByteBuffer data) {
        ByteBuffer b = data.slice();
        if (startsWith(b, 4, "ftyp")) {
            return Optional.of("MP4/M4A (AAC or ALAC)");
        }
        if (startsWith(b, 0, 0x1A, 0x45, 0xDF, 0xA3)) {
            return Optional.of("WebM/Matroska (e.g. Opus from a browser's MediaRecorder)");
        }
        if (startsWith(b, 0, "FORM") && (startsWith(b, 8, "AIFF") || startsWith(b, 8, "AIFC"))) {
            return Optional.of("AIFF");
        }
        if (startsWith(b, 0, "caff")) {
            return Optional.of("Core Audio Format (CAF)");
        }
        if (startsWith(b, 0, "#!AMR")) {
            return Optional.of("AMR");
        }
        if (startsWith(b, 0, ".snd")) {
            return Optional.of("Sun/NeXT AU");
        }
        if (startsWith(b, 0, 0x30, 0x26, 0xB2, 0x75)) {
            return Optional.of("ASF/WMA");
        }
        if (startsWith(b, 0, "MThd")) {
            return Optional.of("MIDI");
        }
        if (startsWith(b, 0, "wvpk")) {
            return Optional.of("WavPack");
        }
        if (startsWith(b, 0, "MAC ")) {
            return Optional.of("Monkey's Audio (APE)");
        }
        if (startsWith(b, 0, "RIFF")) {
            return Optional.of("a RIFF file that is not WAVE (" + ascii(b, 8, 4).trim() + ")");
        }
        if (b.remaining() >= 2 && (b.get(0) & 0xff) == 0xFF && (b.get(1) & 0xF6) == 0xF0) {
            return Optional.of("AAC in ADTS");
        }
        return Optional.empty();
    }

    static boolean startsWith(ByteBuffer b, int offset, String magic) {
        if (offset < 0 || b.remaining() < offset + magic.length()) {
            return false;
        }
        for (int i = 0; i < magic.length(); i++) {
            if ((b.get(offset + i) & 0xff) != magic.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    static boolean startsWith(ByteBuffer b, int offset, int... magic) {
        if (b.remaining() < offset + magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((b.get(offset + i) & 0xff) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    static String ascii(ByteBuffer b, int offset, int length) {
        if (offset < 0 || b.remaining() < offset + length) {
            return "";
        }
        byte[] bytes = new byte[length];
        b.get(offset, bytes, 0, length);
        StringBuilder s = new StringBuilder(length);
        for (byte x : bytes) {
            char c = (char) (x & 0xff);
            s.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return s.toString();
    }

    static String ascii(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}

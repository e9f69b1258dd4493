package io.crossmodal.vision.decode;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The container formats the decoder reads, recognised from their first bytes (magic numbers). The client's MIME
 * type is only a hint: the sniffed format always wins.
 */
public enum ImageFormat {
    PNG("png", List.of("image/png", "image/apng", "image/x-png")),
    JPEG("jpeg", List.of("image/jpeg", "image/jpg", "image/pjpeg")),
    GIF("gif", List.of("image/gif")),
    BMP("bmp", List.of("image/bmp", "image/x-bmp", "image/x-ms-bmp")),
    WEBP("webp", List.of("image/webp")),
    TIFF("tiff", List.of("image/tiff", "image/tiff-fx", "image/x-tiff"));

    private final String formatName;
    private final List<String> mimeTypes;

    ImageFormat(String formatName, List<String> mimeTypes) {
        this.formatName = formatName;
        this.mimeTypes = mimeTypes;
    }

    /** Lower-case name as reported to clients ({@code ImageInfo.format}): "png", "jpeg", "gif", "bmp", "webp", "tiff". */
    public String formatName() {
        return formatName;
    }

    /** The MIME types that name this format, the canonical one first. */
    public List<String> mimeTypes() {
        return mimeTypes;
    }

    /**
     * The format a MIME type names, ignoring case and parameters ({@code "image/JPEG; q=1"} is JPEG); empty for an
     * empty, unknown or non-image type.
     */
    public static Optional<ImageFormat> fromMimeType(String mimeType) {
        if (mimeType == null) {
            return Optional.empty();
        }
        int semicolon = mimeType.indexOf(';');
        String bare = (semicolon >= 0 ? mimeType.substring(0, semicolon) : mimeType)
                .trim()
                .toLowerCase(Locale.ROOT);
        for (ImageFormat format : values()) {
            if (format.mimeTypes.contains(bare)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }

    /**
     * The format whose magic number starts {@code data} (from its position; the buffer is not moved), or empty.
     *
     * <ul>
     *   <li>PNG: {@code 89 50 4E 47 0D 0A 1A 0A}</li>
     *   <li>JPEG: {@code FF D8 FF}</li>
     *   <li>GIF: {@code "GIF87a"} or {@code "GIF89a"}</li>
     *   <li>BMP: {@code "BM"} followed, at offset 14, by a known DIB header size (12, 16, 40, 52, 56, 64, 108, 124)</li>
     *   <li>WebP: {@code "RIFF"}, 4 size bytes, {@code "WEBP"}</li>
     *   <li>TIFF: {@code "II" 2A 00}, {@code "MM" 00 2A} (classic) or {@code "II" 2B 00}, {@code "MM" 00 2B} (BigTIFF)</li>
     * </ul>
     */
    public static Optional<ImageFormat> sniff(ByteBuffer data) {
        ByteBuffer b = data.slice();
        if (startsWith(b, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return Optional.of(PNG);
        }
        if (startsWith(b, 0, 0xFF, 0xD8, 0xFF)) {
            return Optional.of(JPEG);
        }
        if (startsWith(b, 0, 'G', 'I', 'F', '8', '7', 'a') || startsWith(b, 0, 'G', 'I', 'F', '8', '9', 'a')) {
            return Optional.of(GIF);
        }
        if (startsWith(b, 0, 'R', 'I', 'F', 'F') && startsWith(b, 8, 'W', 'E', 'B', 'P')) {
            return Optional.of(WEBP);
        }
        if (startsWith(b, 0, 'I', 'I', 0x2A, 0x00)
                || startsWith(b, 0, 'M', 'M', 0x00, 0x2A)
                || startsWith(b, 0, 'I', 'I', 0x2B, 0x00)
                || startsWith(b, 0, 'M', 'M', 0x00, 0x2B)) {
            return Optional.of(TIFF);
        }
        if (startsWith(b, 0, 'B', 'M') && b.remaining() >= 18) {
            long dibHeaderSize = (b.get(14) & 0xffL)
                    | (b.get(15) & 0xffL) << 8
                    | (b.get(16) & 0xffL) << 16
                    | (b.get(17) & 0xffL) << 24;
            if (dibHeaderSize == 12
                    || dibHeaderSize == 16
                    || dibHeaderSize == 40
                    || dibHeaderSize == 52
                    || dibHeaderSize == 56
                    || dibHeaderSize == 64
                    || dibHeaderSize == 108
                    || dibHeaderSize == 124) {
                return Optional.of(BMP);
            }
        }
        return Optional.empty();
    }

    /**
     * A name for a well-known image format the decoder does not read (HEIF/HEIC, AVIF, JPEG XL, JPEG 2000, PSD, ICO,
     * SVG, PDF), for a clearer error message; empty when the bytes look like nothing known.
     */
    static Optional<String> recogniseUnsupported(ByteBuffer data) {
        ByteBuffer b = data.slice();
        if (startsWith(b, 4, 'f', 't', 'y', 'p')) {
            String brand = ascii(b, 8, 4);
            if (brand.startsWith("avi")) {
                return Optional.of("AVIF");
            }
            if (brand.startsWith("hei")
                    || brand.startsWith("mif")
                    || brand.startsWith("msf")
                    || brand.startsWith("hev")) {
                return Optional.of("HEIF/HEIC");
            }
            if (brand.startsWith("jp2") || brand.startsWith("jpx")) {
                return Optional.of("JPEG 2000");
            }
            return Optional.of("ISO base media (ftyp '" + brand + "')");
        }
        if (startsWith(b, 0, 0xFF, 0x0A) || startsWith(b, 0, 0, 0, 0, 0x0C, 'J', 'X', 'L', ' ')) {
            return Optional.of("JPEG XL");
        }
        if (startsWith(b, 0, 0, 0, 0, 0x0C, 'j', 'P', ' ', ' ') || startsWith(b, 0, 0xFF, 0x4F, 0xFF, 0x51)) {
            return Optional.of("JPEG 2000");
        }
        if (startsWith(b, 0, '8', 'B', 'P', 'S')) {
            return Optional.of("PSD");
        }
        if (startsWith(b, 0, 0, 0, 1, 0) || startsWith(b, 0, 0, 0, 2, 0)) {
            return Optional.of("ICO/CUR");
        }
        if (startsWith(b, 0, '%', 'P', 'D', 'F')) {
            return Optional.of("PDF");
        }
        String head = ascii(b, 0, Math.min(b.remaining(), 256)).trim().toLowerCase(Locale.ROOT);
        if (head.startsWith("<svg") || (head.startsWith("<?xml") && head.contains("<svg"))) {
            return Optional.of("SVG");
        }
        if (startsWith(b, 0, 'B', 'M')) {
            return Optional.of("BMP with an unknown header version");
        }
        return Optional.empty();
    }

    private static boolean startsWith(ByteBuffer b, int offset, int... magic) {
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

    private static String ascii(ByteBuffer b, int offset, int length) {
        if (b.remaining() < offset + length) {
            return "";
        }
        byte[] bytes = new byte[length];
        b.get(offset, bytes, 0, length);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}

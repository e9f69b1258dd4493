package io.crossmodal.vision.decode;

import com.twelvemonkeys.imageio.metadata.CompoundDirectory;
import com.twelvemonkeys.imageio.metadata.Directory;
import com.twelvemonkeys.imageio.metadata.Entry;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEG;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegment;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegmentUtil;
import com.twelvemonkeys.imageio.metadata.tiff.TIFF;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFReader;
import io.crossmodal.vision.decode.ImageDecodeException.Reason;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.event.IIOReadWarningListener;

/**
 * One decode, run on a decoding thread: header checks, the read itself, conversion and orientation. Everything that
 * can go wrong ends as an {@link ImageDecodeException}. {@link #cancel()} (called from the waiting thread when the
 * time budget is spent) aborts the reader and makes every further read of the input fail.
 */
final class DecodeJob {

    private static final System.Logger LOG = System.getLogger(DecodeJob.class.getName());

    /** More scans than any real progressive JPEG has (libjpeg writes about 10); many scans multiply decode time. */
    static final int MAX_JPEG_SCANS = 500;

    private final ByteBuffer data;
    private final ImageFormat format;
    private final boolean mimeTypeMismatch;
    private final DecodeLimits limits;
    private final List<String> warnings = new ArrayList<>();
    private volatile boolean cancelled;
    private volatile ImageReader reader;
    private final BooleanSupplier isCancelled = () -> cancelled;

    DecodeJob(ByteBuffer data, ImageFormat format, boolean mimeTypeMismatch, DecodeLimits limits) {
        this.data = data;
        this.format = format;
        this.mimeTypeMismatch = mimeTypeMismatch;
        this.limits = limits;
    }

    /** Stops the decode as soon as the reader looks at its abort flag or reads more input. */
    void cancel() {
        cancelled = true;
        ImageReader r = reader;
        if (r != null) {
            r.abort();
        }
    }

    boolean isCancelled() {
        return cancelled;
    }

    DecodedImage run() throws ImageDecodeException {
        try {
            return decode();
        } catch (ImageDecodeException e) {
            throw e;
        } catch (InterruptedIOException e) {
            throw new ImageDecodeException(
                    Reason.TIMEOUT,
                    "decoding the " + format.formatName() + " image took longer than "
                            + limits.timeout().toMillis() + " ms and was aborted",
                    e);
        } catch (IOException e) {
            if (cancelled) {
                throw timeout(e);
            }
            throw new ImageDecodeException(
                    Reason.CORRUPT, "the " + format.formatName() + " image is truncated or corrupt: " + describe(e), e);
        } catch (OutOfMemoryError e) {
            throw new ImageDecodeException(
                    Reason.CORRUPT,
                    "decoding the " + format.formatName()
                            + " image needed more memory than is available (its data declares more than its size supports)",
                    e);
        } catch (RuntimeException | StackOverflowError | InternalError | LinkageError e) {
            if (cancelled) {
                throw timeout(e);
            }
            LOG.log(System.Logger.Level.DEBUG, "image reader failed on malformed " + format.formatName() + " data", e);
            throw new ImageDecodeException(
                    Reason.CORRUPT,
                    "the " + format.formatName() + " image is corrupt: the reader failed with " + describe(e),
                    e);
        }
    }

    private ImageDecodeException timeout(Throwable cause) {
        return new ImageDecodeException(
                Reason.TIMEOUT,
                "decoding the " + format.formatName() + " image took longer than "
                        + limits.timeout().toMillis() + " ms and was aborted",
                cause);
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        String name = e.getClass().getSimpleName();
        if (message == null || message.isBlank()) {
            return name;
        }
        if (message.length() > 200) {
            message = message.substring(0, 200) + "...";
        }
        return e instanceof javax.imageio.IIOException ? message : name + ": " + message;
    }

    private DecodedImage decode() throws IOException, ImageDecodeException {
        preflight();
        ImageReader r = Readers.create(format);
        reader = r;
        if (cancelled) {
            r.abort();
        }
        try (ByteBufferImageInputStream in = new ByteBufferImageInputStream(data, isCancelled)) {
            r.addIIOReadWarningListener(new IIOReadWarningListener() {
                @Override
                public void warningOccurred(ImageReader source, String warning) {
                    if (warnings.size() < 100) {
                        warnings.add(warning);
                    }
                }
            });
            // seekForwardOnly false: frame counting may go back; ignoreMetadata true: no text/ICC chunk inflation.
            r.setInput(in, false, true);

            // 1. The header: dimensions before any pixel is decoded (a decompression bomb stops here).
            int width = r.getWidth(0);
            int height = r.getHeight(0);
            if (width <= 0 || height <= 0) {
                throw new ImageDecodeException(
                        Reason.CORRUPT,
                        "the " + format.formatName() + " header declares an empty image (" + width + " x " + height
                                + ")");
            }
            checkPixels(width, height, "its header declares");

            int orientation = readOrientation();

            // 2. The pixels.
            ImageReadParam param = r.getDefaultReadParam();
            ImageTypeSpecifier bgr = bgrDestination(r);
            if (bgr != null) {
                param.setDestinationType(bgr);
            }
            BufferedImage image = r.read(0, param);
            if (cancelled) {
                throw timeout(null);
            }
            if (image == null) {
                throw new ImageDecodeException(
                        Reason.CORRUPT, "the " + format.formatName() + " reader returned no image");
            }
            // Headers can lie (a frame larger than the header, a second size in the stream): check what came out.
            checkPixels(image.getWidth(), image.getHeight(), "it decoded to");
            checkWarnings();

            int frames = countFrames(r);

            // 3. One layout for the models, then the orientation.
            BufferedImage pixels = PixelConversion.toOpaqueBgr(image, isCancelled);
            image = null;
            pixels = Orientation.apply(pixels, orientation, isCancelled);
            return new DecodedImage(
                    pixels.getWidth(), pixels.getHeight(), format, frames, orientation, mimeTypeMismatch, pixels);
        } finally {
            reader = null;
            r.dispose();
        }
    }

    private void checkPixels(long width, long height, String what) throws ImageDecodeException {
        long pixels = width * height;
        if (pixels > limits.maxPixels()) {
            throw new ImageDecodeException(
                    Reason.TOO_MANY_PIXELS,
                    "the " + format.formatName() + " image has "
                            + width + " x " + height + " = " + pixels + " pixels (" + what
                            + "), more than the limit of "
                            + limits.maxPixels());
        }
    }

    /** Checks on the raw bytes that the readers do not make. */
    private void preflight() throws ImageDecodeException {
        if (format == ImageFormat.BMP) {
            ByteBuffer b = data.slice().order(java.nio.ByteOrder.LITTLE_ENDIAN);
            if (b.remaining() < 34) {
                throw new ImageDecodeException(
                        Reason.CORRUPT,
                        "the bmp image is truncated: " + b.remaining() + " bytes, shorter than its headers");
            }
            int dibHeaderSize = b.getInt(14);
            // The declared size, checked here rather than left to the reader's own consistency checks.
            long width = dibHeaderSize == 12 ? b.getShort(18) & 0xffff : Math.abs((long) b.getInt(18));
            long height = dibHeaderSize == 12 ? b.getShort(20) & 0xffff : Math.abs((long) b.getInt(22));
            checkPixels(width, height, "its header declares");
            if (dibHeaderSize >= 40) {
                int compression = b.getInt(30);
                if (compression == 4 || compression == 5) {
                    throw new ImageDecodeException(
                            Reason.UNSUPPORTED_FORMAT,
                            "BMP files that embed a "
                                    + (compression == 4 ? "JPEG" : "PNG") + " stream (compression " + compression
                                    + ") are not supported");
                }
            }
        } else if (format == ImageFormat.WEBP) {
            checkRiffChunks();
        } else if (format == ImageFormat.JPEG) {
            int scans = countJpegScans(data);
            if (scans > MAX_JPEG_SCANS) {
                throw new ImageDecodeException(
                        Reason.CORRUPT,
                        "the jpeg image has more than " + MAX_JPEG_SCANS
                                + " scans (real progressive JPEGs have about 10)");
            }
        }
    }

    /**
     * WebP is a RIFF file: its header and every chunk say how long they are. The lossless (VP8L) decoder reads past
     * the end of the data as zeros instead of failing, so a truncated file is caught here, by the lengths.
     */
    private void checkRiffChunks() throws ImageDecodeException {
        ByteBuffer b = data.slice().order(java.nio.ByteOrder.LITTLE_ENDIAN);
        long length = b.remaining();
        long riffEnd = 8 + (b.getInt(4) & 0xffffffffL);
        if (riffEnd > length) {
            throw new ImageDecodeException(
                    Reason.CORRUPT,
                    "the webp image is truncated: its RIFF header declares " + riffEnd + " bytes, the data has "
                            + length);
        }
        long pos = 12;
        int chunks = 0;
        while (pos + 8 <= riffEnd) {
            long size = b.getInt((int) pos + 4) & 0xffffffffL;
            long end = pos + 8 + size + (size & 1);
            if (pos + 8 + size > riffEnd) {
                throw new ImageDecodeException(
                        Reason.CORRUPT,
                        "the webp image is truncated or corrupt: chunk " + chunks + " at offset " + pos + " declares "
                                + size + " bytes past the end of the file");
            }
            pos = end;
            chunks++;
        }
        if (chunks == 0) {
            throw new ImageDecodeException(Reason.CORRUPT, "the webp image has no chunks");
        }
    }

    /**
     * Counts the start-of-scan markers of a JPEG by walking its segments (lengths) and the entropy-coded data
     * (where 0xFF is followed by 0x00 or a restart marker); stops counting past {@code MAX_JPEG_SCANS}.
     */
    static int countJpegScans(ByteBuffer data) {
        ByteBuffer b = data.slice();
        int n = b.remaining();
        int pos = 2; // after SOI
        int scans = 0;
        while (pos + 4 <= n && scans <= MAX_JPEG_SCANS) {
            if ((b.get(pos) & 0xff) != 0xFF) {
                pos++;
                continue;
            }
            int marker = b.get(pos + 1) & 0xff;
            if (marker == 0xFF || marker == 0x00 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {
                pos++;
                continue;
            }
            if (marker == 0xD9) {
                break; // EOI
            }
            int length = (b.get(pos + 2) & 0xff) << 8 | (b.get(pos + 3) & 0xff);
            if (length < 2) {
                break;
            }
            pos += 2 + length;
            if (marker == 0xDA) {
                scans++;
                // Entropy-coded data: up to the next marker that is not stuffing or a restart marker.
                while (pos + 1 < n) {
                    if ((b.get(pos) & 0xff) == 0xFF) {
                        int next = b.get(pos + 1) & 0xff;
                        if (next != 0x00 && !(next >= 0xD0 && next <= 0xD7) && next != 0xFF) {
                            break;
                        }
                    }
                    pos++;
                }
            }
        }
        return scans;
    }

    /** The EXIF (JPEG APP1) or TIFF Orientation value, 1 when absent or unreadable (never fatal). */
    private int readOrientation() throws InterruptedIOException {
        if (format != ImageFormat.JPEG && format != ImageFormat.TIFF) {
            return 1;
        }
        try (ByteBufferImageInputStream in = new ByteBufferImageInputStream(data, isCancelled)) {
            if (format == ImageFormat.JPEG) {
                for (JPEGSegment segment : JPEGSegmentUtil.readSegments(in, JPEG.APP1, "Exif")) {
                    byte[] exif;
                    try (InputStream segmentData = segment.data()) {
                        exif = segmentData.readAllBytes();
                    }
                    // "Exif\0" is the identifier, then one pad byte, then a TIFF structure.
                    int offset = exif.length > 0 && exif[0] == 0 ? 1 : 0;
                    int value = orientationOfTiff(new ByteBufferImageInputStream(
                            ByteBuffer.wrap(exif, offset, exif.length - offset), isCancelled));
                    if (value != 0) {
                        return Orientation.isValid(value) ? value : 1;
                    }
                }
                return 1;
            }
            int value = orientationOfTiff(in);
            return Orientation.isValid(value) ? value : 1;
        } catch (InterruptedIOException e) {
            throw e;
        } catch (IOException | RuntimeException | StackOverflowError e) {
            LOG.log(System.Logger.Level.DEBUG, "unreadable orientation in " + format.formatName() + " data", e);
            return 1;
        }
    }

    /** Orientation tag of IFD0 of a TIFF structure, 0 when absent. */
    private static int orientationOfTiff(ByteBufferImageInputStream in) throws IOException {
        Directory directory = new TIFFReader().read(in);
        if (directory instanceof CompoundDirectory compound) {
            if (compound.directoryCount() == 0) {
                return 0;
            }
            directory = compound.getDirectory(0);
        }
        Entry entry = directory.getEntryById(TIFF.TAG_ORIENTATION);
        if (entry != null && entry.getValue() instanceof Number number) {
            return number.intValue();
        }
        return 0;
    }

    /** The reader's TYPE_3BYTE_BGR destination when it offers one (then no conversion is needed). */
    private static ImageTypeSpecifier bgrDestination(ImageReader r) throws IOException {
        Iterator<ImageTypeSpecifier> types = r.getImageTypes(0);
        while (types != null && types.hasNext()) {
            ImageTypeSpecifier type = types.next();
            if (type != null && type.getBufferedImageType() == BufferedImage.TYPE_3BYTE_BGR) {
                return type;
            }
        }
        return null;
    }

    /**
     * The JDK's JPEG and GIF readers answer a file that ends early with a warning and a partly grey or black
     * image instead of an exception. Those warnings make the decode fail; harmless ones (extraneous bytes between
     * markers, unknown chunks) do not.
     */
    private void checkWarnings() throws ImageDecodeException {
        for (String warning : warnings) {
            String w = warning.toLowerCase(Locale.ROOT);
            if (w.contains("premature end")
                    || w.contains("truncated")
                    || w.contains("unexpected end")
                    || w.contains("end of file")
                    || w.contains("eof")
                    || w.contains("i/o error")) {
                throw new ImageDecodeException(
                        Reason.CORRUPT, "the " + format.formatName() + " image is truncated: " + warning);
            }
        }
    }

    private int countFrames(ImageReader r) {
        if (format != ImageFormat.GIF && format != ImageFormat.WEBP && format != ImageFormat.TIFF) {
            return 1;
        }
        try {
            int n = r.getNumImages(true);
            return Math.max(n, 0);
        } catch (IOException | RuntimeException | StackOverflowError e) {
            return 0;
        }
    }
}

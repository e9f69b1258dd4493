package io.crossmodal.vision.decode;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Test images, made in code (ImageIO writers, hand-built PNG chunks and EXIF segments) or read from
 * {@code src/test/resources/decode} (see its README.md for where each file comes from).
 */
final class Fixtures {

    static final int RED = 0xFF0000;
    static final int GREEN = 0x00FF00;
    static final int BLUE = 0x0000FF;
    static final int WHITE = 0xFFFFFF;
    static final int BLACK = 0x000000;

    private Fixtures() {}

    static byte[] resource(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/decode/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource decode/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static BufferedImage readReference(byte[] data) {
        try {
            return ImageIO.read(new java.io.ByteArrayInputStream(data));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An asymmetric picture: four quadrants red (top left), green (top right), blue (bottom left), white (bottom
     * right), plus a black bar along the top-left quadrant's top edge, so every flip and rotation looks different.
     */
    static BufferedImage quadrants(int width, int height, int type) {
        BufferedImage image = new BufferedImage(width, height, type);
        Graphics2D g = image.createGraphics();
        int hw = width / 2;
        int hh = height / 2;
        g.setColor(new Color(RED));
        g.fillRect(0, 0, hw, hh);
        g.setColor(new Color(GREEN));
        g.fillRect(hw, 0, width - hw, hh);
        g.setColor(new Color(BLUE));
        g.fillRect(0, hh, hw, height - hh);
        g.setColor(new Color(WHITE));
        g.fillRect(hw, hh, width - hw, height - hh);
        g.dispose();
        return image;
    }

    /** Smooth colour gradients plus some noise: a stand-in for a photo, compresses like one. */
    static BufferedImage photoLike(int width, int height, long seed) {
        java.util.Random random = new java.util.Random(seed);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = (x * 255 / Math.max(1, width - 1) + random.nextInt(16)) & 0xff;
                int g = (y * 255 / Math.max(1, height - 1) + random.nextInt(16)) & 0xff;
                int b = ((x + y) * 127 / Math.max(1, width + height) + random.nextInt(16)) & 0xff;
                image.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        return image;
    }

    static byte[] write(BufferedImage image, String format) {
        return write(image, format, null);
    }

    /** Writes with the first ImageIO writer for {@code format}, with {@code param} (may be null). */
    static byte[] write(BufferedImage image, String format, java.util.function.Consumer<ImageWriteParam> param) {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(format);
        if (!writers.hasNext()) {
            throw new IllegalStateException("no ImageIO writer for " + format);
        }
        ImageWriter writer = writers.next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam p = writer.getDefaultWriteParam();
            if (param != null) {
                param.accept(p);
            }
            writer.write(null, new IIOImage(image, null, null), p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    static byte[] jpeg(BufferedImage image, float quality, boolean progressive) {
        return write(image, "jpeg", p -> {
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(quality);
            if (progressive) {
                p.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            }
        });
    }

    /** Several frames in one file (animated GIF, multi-page TIFF). */
    static byte[] writeSequence(String format, BufferedImage... frames) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName(format).next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            for (BufferedImage frame : frames) {
                writer.writeToSequence(new IIOImage(frame, null, null), null);
            }
            writer.endWriteSequence();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    // ---- JPEG: EXIF orientation -------------------------------------------------------------------------------

    /**
     * The JPEG with an APP1 "Exif" segment holding only IFD0 with one Orientation (0x0112) SHORT entry, inserted
     * right after SOI. {@code bigEndian} picks "MM" or "II" byte order.
     */
    static byte[] withExifOrientation(byte[] jpeg, int orientation, boolean bigEndian) {
        ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + 12 + 4)
                .order(bigEndian ? java.nio.ByteOrder.BIG_ENDIAN : java.nio.ByteOrder.LITTLE_ENDIAN);
        tiff.put(bigEndian ? (byte) 'M' : (byte) 'I').put(bigEndian ? (byte) 'M' : (byte) 'I');
        tiff.putShort((short) 42).putInt(8); // header, IFD0 at offset 8
        tiff.putShort((short) 1); // one entry
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1); // Orientation, SHORT, count 1
        tiff.putShort((short) orientation).putShort((short) 0); // value, padded to 4 bytes
        tiff.putInt(0); // no next IFD
        byte[] exifHeader = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);
        int length = 2 + exifHeader.length + tiff.capacity();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2); // SOI
        out.write(0xFF);
        out.write(0xE1);
        out.write(length >> 8);
        out.write(length & 0xff);
        out.writeBytes(exifHeader);
        out.writeBytes(tiff.array());
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    // ---- TIFF built by hand -------------------------------------------------------------------------------------

    /**
     * A baseline TIFF (little-endian, one strip, uncompressed 8-bit RGB) with an Orientation tag; the smallest TIFF
     * that carries an orientation, written without any library.
     */
    static byte[] uncompressedRgbTiff(BufferedImage image, int orientation) {
        int w = image.getWidth();
        int h = image.getHeight();
        int entries = 11;
        int ifdOffset = 8;
        int ifdSize = 2 + entries * 12 + 4;
        int bitsOffset = ifdOffset + ifdSize; // 3 SHORTs: 8, 8, 8
        int stripOffset = bitsOffset + 6;
        int stripBytes = w * h * 3;
        ByteBuffer b = ByteBuffer.allocate(stripOffset + stripBytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(ifdOffset);
        b.putShort((short) entries);
        tiffEntry(b, 256, 4, 1, w); // ImageWidth, LONG
        tiffEntry(b, 257, 4, 1, h); // ImageLength
        tiffEntry(b, 258, 3, 3, bitsOffset); // BitsPerSample -> 8,8,8
        tiffEntry(b, 259, 3, 1, 1); // Compression: none
        tiffEntry(b, 262, 3, 1, 2); // Photometric: RGB
        tiffEntry(b, 273, 4, 1, stripOffset); // StripOffsets
        tiffEntry(b, 274, 3, 1, orientation); // Orientation
        tiffEntry(b, 277, 3, 1, 3); // SamplesPerPixel
        tiffEntry(b, 278, 4, 1, h); // RowsPerStrip
        tiffEntry(b, 279, 4, 1, stripBytes); // StripByteCounts
        tiffEntry(b, 284, 3, 1, 1); // PlanarConfiguration: chunky
        b.putInt(0); // no next IFD
        b.putShort((short) 8).putShort((short) 8).putShort((short) 8);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = image.getRGB(x, y);
                b.put((byte) (rgb >> 16)).put((byte) (rgb >> 8)).put((byte) rgb);
            }
        }
        return b.array();
    }

    private static void tiffEntry(ByteBuffer b, int tag, int type, int count, int value) {
        b.putShort((short) tag).putShort((short) type).putInt(count);
        if (type == 3 && count == 1) {
            b.putShort((short) value).putShort((short) 0);
        } else {
            b.putInt(value);
        }
    }

    // ---- PNG built chunk by chunk -----------------------------------------------------------------------------

    static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};

    static byte[] pngChunk(String type, byte[] data) {
        ByteBuffer chunk = ByteBuffer.allocate(12 + data.length);
        chunk.putInt(data.length);
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        chunk.put(typeBytes).put(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        chunk.putInt((int) crc.getValue());
        return chunk.array();
    }

    static byte[] ihdr(int width, int height, int bitDepth, int colorType) {
        return pngChunk(
                "IHDR",
                ByteBuffer.allocate(13)
                        .putInt(width)
                        .putInt(height)
                        .put((byte) bitDepth)
                        .put((byte) colorType)
                        .put((byte) 0)
                        .put((byte) 0)
                        .put((byte) 0)
                        .array());
    }

    static byte[] deflate(byte[] raw) {
        Deflater deflater = new Deflater(9);
        deflater.setInput(raw);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }

    /**
     * A PNG from unfiltered scanlines: {@code rows[y]} holds the samples of row y as they go in the file (big-endian
     * for 16 bits); a filter byte 0 is put before each. {@code extraChunks} (PLTE, tRNS, ...) go before IDAT.
     */
    static byte[] png(int width, int height, int bitDepth, int colorType, byte[][] rows, byte[]... extraChunks) {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        for (byte[] row : rows) {
            raw.write(0);
            raw.writeBytes(row);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(PNG_SIGNATURE);
        out.writeBytes(ihdr(width, height, bitDepth, colorType));
        for (byte[] chunk : extraChunks) {
            out.writeBytes(chunk);
        }
        out.writeBytes(pngChunk("IDAT", deflate(raw.toByteArray())));
        out.writeBytes(pngChunk("IEND", new byte[0]));
        return out.toByteArray();
    }

    /**
     * A decompression bomb's header: a valid PNG signature, an IHDR declaring {@code width x height} 8-bit RGB with a
     * correct CRC, and a tiny IDAT (a few hundred bytes of deflated zeros, far less than the image needs).
     */
    static byte[] pngBomb(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(PNG_SIGNATURE);
        out.writeBytes(ihdr(width, height, 8, 2));
        out.writeBytes(pngChunk("IDAT", deflate(new byte[64 * 1024])));
        out.writeBytes(pngChunk("IEND", new byte[0]));
        return out.toByteArray();
    }

    /**
     * The reference colour of a pixel. For 8-bit gray images the stored value (Java2D's getRGB would run it through
     * a linear-to-sRGB curve, which is not how gray images are meant to be shown, nor what the decoder does).
     */
    static int rgb(BufferedImage image, int x, int y) {
        if (image.getType() == BufferedImage.TYPE_BYTE_GRAY) {
            int g = image.getRaster().getSample(x, y, 0);
            return g << 16 | g << 8 | g;
        }
        return image.getRGB(x, y) & 0xFFFFFF;
    }

    /** Largest difference of one channel between two 0xRRGGBB colours. */
    static int channelDistance(int a, int b) {
        int d = 0;
        for (int shift = 0; shift <= 16; shift += 8) {
            d = Math.max(d, Math.abs((a >> shift & 0xff) - (b >> shift & 0xff)));
        }
        return d;
    }

    /** Mean absolute difference per channel between a decoded image and a reference of the same size. */
    static double meanAbsDifference(DecodedImage decoded, BufferedImage reference) {
        long sum = 0;
        for (int y = 0; y < decoded.height(); y++) {
            for (int x = 0; x < decoded.width(); x++) {
                int a = decoded.rgb(x, y);
                int b = rgb(reference, x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    sum += Math.abs((a >> shift & 0xff) - (b >> shift & 0xff));
                }
            }
        }
        return sum / (3.0 * decoded.width() * decoded.height());
    }

    static String hex(int rgb) {
        return String.format("#%06X", rgb);
    }
}

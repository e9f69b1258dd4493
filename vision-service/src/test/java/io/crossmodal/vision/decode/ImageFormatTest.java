package io.crossmodal.vision.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ImageFormatTest {

    private static Optional<ImageFormat> sniff(byte[] data) {
        return ImageFormat.sniff(ByteBuffer.wrap(data));
    }

    @Test
    void sniffsEveryFormatFromItsMagicBytes() {
        BufferedImage image = Fixtures.quadrants(8, 8, BufferedImage.TYPE_INT_RGB);
        assertEquals(Optional.of(ImageFormat.PNG), sniff(Fixtures.write(image, "png")));
        assertEquals(Optional.of(ImageFormat.JPEG), sniff(Fixtures.write(image, "jpeg")));
        assertEquals(Optional.of(ImageFormat.GIF), sniff(Fixtures.write(image, "gif")));
        assertEquals(Optional.of(ImageFormat.BMP), sniff(Fixtures.write(image, "bmp")));
        assertEquals(Optional.of(ImageFormat.TIFF), sniff(Fixtures.write(image, "tiff")));
        assertEquals(Optional.of(ImageFormat.TIFF), sniff(new byte[] {'M', 'M', 0, 42}));
        assertEquals(Optional.of(ImageFormat.TIFF), sniff(new byte[] {'I', 'I', 43, 0})); // BigTIFF
        assertEquals(Optional.of(ImageFormat.WEBP), sniff(Fixtures.resource("chelsea-lossy.webp")));
        assertEquals(Optional.of(ImageFormat.GIF), sniff("GIF87a".getBytes()));
        assertEquals(Optional.empty(), sniff("GIF88a".getBytes()));
        assertEquals(Optional.empty(), sniff("RIFF\0\0\0\0WAVEfmt ".getBytes()));
        assertEquals(Optional.empty(), sniff("BM".getBytes()));
        assertEquals(Optional.empty(), sniff(new byte[0]));
    }

    @Test
    void sniffingDoesNotMoveTheBuffer() {
        ByteBuffer buffer = ByteBuffer.wrap(Fixtures.PNG_SIGNATURE);
        ImageFormat.sniff(buffer);
        assertEquals(0, buffer.position());
    }

    @Test
    void mimeTypes() {
        assertEquals(Optional.of(ImageFormat.JPEG), ImageFormat.fromMimeType("image/jpeg"));
        assertEquals(Optional.of(ImageFormat.JPEG), ImageFormat.fromMimeType(" Image/JPG ; q=1"));
        assertEquals(Optional.of(ImageFormat.TIFF), ImageFormat.fromMimeType("image/tiff"));
        assertEquals(Optional.empty(), ImageFormat.fromMimeType("image/avif"));
        assertEquals(Optional.empty(), ImageFormat.fromMimeType(""));
        assertEquals(Optional.empty(), ImageFormat.fromMimeType(null));
        assertEquals("webp", ImageFormat.WEBP.formatName());
    }
}

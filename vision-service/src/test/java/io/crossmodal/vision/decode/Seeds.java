package io.crossmodal.vision.decode;

import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageWriteParam;

/** Small valid files of every format, the starting points of the truncation, bomb and fuzz tests. */
final class Seeds {

    private Seeds() {}

    /** Name to bytes, 64 x 64 pixels each (the WebP files are 96 x 64 resources). */
    static Map<String, byte[]> all() {
        BufferedImage photo = Fixtures.photoLike(64, 64, 42);
        BufferedImage indexed = new BufferedImage(64, 64, BufferedImage.TYPE_BYTE_INDEXED);
        indexed.createGraphics().drawImage(photo, 0, 0, null);
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        seeds.put("png-rgb", Fixtures.write(photo, "png"));
        seeds.put("png-palette", Fixtures.write(indexed, "png"));
        seeds.put(
                "png-interlaced",
                Fixtures.write(photo, "png", p -> p.setProgressiveMode(ImageWriteParam.MODE_DEFAULT)));
        seeds.put("jpeg-baseline", Fixtures.withExifOrientation(Fixtures.jpeg(photo, 0.9f, false), 6, true));
        seeds.put("jpeg-progressive", Fixtures.jpeg(photo, 0.9f, true));
        seeds.put("jpeg-ycck", Fixtures.resource("chelsea-ycck.jpg"));
        seeds.put("gif", Fixtures.write(indexed, "gif"));
        seeds.put("bmp-24", Fixtures.write(photo, "bmp"));
        seeds.put("bmp-8", Fixtures.write(indexed, "bmp"));
        seeds.put("tiff-none", Fixtures.write(photo, "tiff", p -> {
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionType("None");
        }));
        seeds.put("tiff-lzw", Fixtures.write(photo, "tiff", p -> {
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionType("LZW");
        }));
        seeds.put("tiff-jpeg", Fixtures.write(photo, "tiff", p -> {
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionType("JPEG");
        }));
        seeds.put("webp-lossy", Fixtures.resource("chelsea-lossy.webp"));
        seeds.put("webp-lossless", Fixtures.resource("chelsea-lossless.webp"));
        return seeds;
    }
}

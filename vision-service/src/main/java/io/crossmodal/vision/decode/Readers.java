package io.crossmodal.vision.decode;

import com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReaderSpi;
import com.twelvemonkeys.imageio.plugins.tiff.TIFFImageReaderSpi;
import com.twelvemonkeys.imageio.plugins.webp.WebPImageReaderSpi;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageReader;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;

/**
 * The one reader used for each format, chosen explicitly rather than by whatever ImageIO's registry happens to hold
 * on the thread's class loader (Quarkus runs the application in its own class loader):
 *
 * <ul>
 *   <li>JPEG: TwelveMonkeys {@code imageio-jpeg} (CMYK/YCCK, broken ICC profiles and odd markers, on top of the JDK's
 *       libjpeg-based reader, which it delegates the entropy decoding to);</li>
 *   <li>TIFF (and BigTIFF): TwelveMonkeys {@code imageio-tiff};</li>
 *   <li>WebP (lossy, lossless, alpha, animated): TwelveMonkeys {@code imageio-webp};</li>
 *   <li>PNG, GIF, BMP: the JDK's own readers ({@code com.sun.imageio.plugins.*}). TwelveMonkeys' {@code imageio-bmp}
 *       has no 3.14.0 release on Maven Central, and mixing plugin versions with {@code imageio-core} 3.14.0 is not
 *       supported, so BMP uses the JDK reader (BMP v2 to v5, 1 to 32 bits, RLE4/RLE8, bit fields); BMPs that embed a
 *       JPEG or PNG stream are refused before reading.</li>
 * </ul>
 */
final class Readers {

    private static final ImageReaderSpi JPEG_SPI;
    private static final ImageReaderSpi TIFF_SPI = new TIFFImageReaderSpi();
    private static final ImageReaderSpi WEBP_SPI = new WebPImageReaderSpi();
    private static final ImageReaderSpi PNG_SPI;
    private static final ImageReaderSpi GIF_SPI;
    private static final ImageReaderSpi BMP_SPI;

    static {
        IIORegistry registry = IIORegistry.getDefaultInstance();
        JPEGImageReaderSpi jpeg = registry.getServiceProviderByClass(JPEGImageReaderSpi.class);
        if (jpeg == null) {
            // Registering it makes it find the JDK's JPEG reader to delegate to (onRegistration).
            jpeg = new JPEGImageReaderSpi();
            registry.registerServiceProvider(jpeg, ImageReaderSpi.class);
            jpeg = registry.getServiceProviderByClass(JPEGImageReaderSpi.class);
        }
        JPEG_SPI = jpeg;
        PNG_SPI = jdkSpi(registry, "com.sun.imageio.plugins.png.PNGImageReaderSpi");
        GIF_SPI = jdkSpi(registry, "com.sun.imageio.plugins.gif.GIFImageReaderSpi");
        BMP_SPI = jdkSpi(registry, "com.sun.imageio.plugins.bmp.BMPImageReaderSpi");
    }

    private Readers() {}

    private static ImageReaderSpi jdkSpi(IIORegistry registry, String className) {
        Iterator<ImageReaderSpi> it = registry.getServiceProviders(
                ImageReaderSpi.class, spi -> spi.getClass().getName().equals(className), false);
        if (!it.hasNext()) {
            throw new IllegalStateException("the JDK's image reader " + className + " is missing");
        }
        return it.next();
    }

    static ImageReader create(ImageFormat format) throws IOException {
        ImageReaderSpi spi = switch (format) {
            case PNG -> PNG_SPI;
            case JPEG -> JPEG_SPI;
            case GIF -> GIF_SPI;
            case BMP -> BMP_SPI;
            case WEBP -> WEBP_SPI;
            case TIFF -> TIFF_SPI;
        };
        return spi.createReaderInstance(null);
    }
}

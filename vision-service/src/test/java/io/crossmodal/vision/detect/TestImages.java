package io.crossmodal.vision.detect;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** The sample images of {@code testdata/images} (licenses in its LICENSES.md) and the model repository. */
final class TestImages {

    static final Path IMAGES = Path.of("..", "testdata", "images");

    private TestImages() {}

    static BufferedImage read(String name) {
        Path file = IMAGES.resolve(name);
        try {
            BufferedImage image = ImageIO.read(file.toFile());
            if (image == null) {
                throw new IOException("not an image ImageIO reads: " + file);
            }
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code crossmodal.model-repository} (set by the root pom for tests), else {@code ../model-repository}. */
    static Path modelRepository() {
        String configured = System.getProperty("crossmodal.model-repository");
        if (configured != null && !configured.isBlank() && Files.isDirectory(Path.of(configured))) {
            return Path.of(configured);
        }
        return Path.of("..", "model-repository");
    }
}

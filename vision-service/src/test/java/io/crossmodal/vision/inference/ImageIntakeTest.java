package io.crossmodal.vision.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossmodal.vision.decode.DecodeLimits;
import io.crossmodal.vision.decode.ImageDecoder;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ImageIntakeTest {

    @Test
    void decodedImagesHoldTheirPixelsUntilClosedAndTheBudgetRefusesTheRest() throws Exception {
        ByteBuffer chelsea = ByteBuffer.wrap(Files.readAllBytes(Path.of("..", "testdata", "images", "chelsea.png")));
        long pixels = 451L * 300;
        try (ImageDecoder decoder =
                new ImageDecoder(new DecodeLimits(1 << 24, 40_000_000, Duration.ofSeconds(5)), 1, 4)) {
            ImageIntake intake = new ImageIntake(decoder, new PixelBudget(pixels * 2 - 1));
            ImageIntake.Admitted first = intake.decode(chelsea.duplicate(), "image/png");
            assertEquals(pixels, intake.budget().inUse());
            PixelBudgetExceededException full = assertThrows(
                    PixelBudgetExceededException.class, () -> intake.decode(chelsea.duplicate(), "image/png"));
            assertTrue(full.getMessage().contains("max-pixels-in-flight"), full.getMessage());
            first.close();
            assertEquals(0, intake.budget().inUse());
            try (ImageIntake.Admitted again = intake.decode(chelsea.duplicate(), "image/png")) {
                assertEquals(451, again.image().width());
            }
            assertEquals(0, intake.budget().inUse());
        }
    }
}

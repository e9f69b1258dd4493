package io.crossmodal.vision.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossmodal.runtime.repository.ModelDescriptor;
import io.crossmodal.runtime.repository.ModelRepositoryException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Raw rows to detections, options and the model settings; no model. */
class DetectionDecoderTest {

    static final DetectorSpec SPEC = new DetectorSpec(
            "test",
            "1",
            "TensorFlow",
            512,
            Letterbox.Align.CENTER,
            Optional.empty(),
            "out",
            0.3f,
            0.5f,
            20,
            List.of("person", "bicycle", "car"));

    /** 451x300 in 512: x maps 1:451/512, y is offset by 85 and scaled 300/341. */
    static final Letterbox CHELSEA = Letterbox.of(451, 300, 512, Letterbox.Align.CENTER);

    @Test
    void mapsClipsAndFilters() {
        float[] rows = {
            -0.85f, 88.7f, 467.9f, 422.4f, 0.52f, 0, // in the picture, left edge slightly outside
            10, 10, 60, 80, 0.9f, 2, // entirely in the top padding: no area left in the image
            100, 200, 200, 300, 0.29f, 1, // below the threshold
            100, 200, 200, 300, 0.4f, 7, // class without label
            0, 0, 0, 0, Float.NaN, 0, // no score
        };
        List<Detection> found = DetectionDecoder.decode(rows, CHELSEA, SPEC, DetectOptions.DEFAULTS.resolve(SPEC));
        assertEquals(2, found.size(), found.toString());
        Detection person = found.get(0);
        assertEquals("person", person.label());
        assertEquals(0.52f, person.score());
        assertEquals(0, person.box().xMin(), 0, "clipped at the left edge");
        assertEquals((88.7 - 85) * 300 / 341, person.box().yMin(), 1e-4);
        assertEquals(467.9 * 451 / 512, person.box().xMax(), 1e-3);
        assertEquals((422.4 - 85) * 300 / 341, person.box().yMax(), 1e-3);
        assertEquals("7", found.get(1).label());
        assertEquals(7, found.get(1).classId());
        assertEquals(
                new Box(
                        (float) (100 * 451 / 512.0),
                        (float) ((200 - 85) * 300 / 341.0),
                        (float) (200 * 451 / 512.0),
                        (float) ((300 - 85) * 300 / 341.0)),
                found.get(1).box());
    }

    @Test
    void clipsToTheImage() {
        float[] rows = {-50, -50, 600, 600, 0.8f, 1};
        Box box = DetectionDecoder.decode(rows, CHELSEA, SPEC, DetectOptions.DEFAULTS.resolve(SPEC))
                .get(0)
                .box();
        assertEquals(new Box(0, 0, 451, 300), box);
    }

    @Test
    void appliesTheOptions() {
        float[] rows = {
            0, 100, 200, 300, 0.9f, 0,
            0, 100, 210, 300, 0.8f, 0, // overlaps the first (IoU 0.95)
            300, 100, 500, 300, 0.7f, 0,
            300, 100, 500, 300, 0.35f, 1,
            300, 100, 500, 300, 0.1f, 2,
        };
        assertEquals(
                3,
                DetectionDecoder.decode(rows, CHELSEA, SPEC, DetectOptions.DEFAULTS.resolve(SPEC))
                        .size());
        assertEquals(
                4,
                DetectionDecoder.decode(rows, CHELSEA, SPEC, new DetectOptions(0, 0.99f, 0).resolve(SPEC))
                        .size(),
                "no suppression at IoU 0.99");
        assertEquals(
                4,
                DetectionDecoder.decode(rows, CHELSEA, SPEC, new DetectOptions(0.05f, 0, 0).resolve(SPEC))
                        .size(),
                "min score 0.05 keeps the car");
        assertEquals(
                2,
                DetectionDecoder.decode(rows, CHELSEA, SPEC, new DetectOptions(0.5f, 0, 0).resolve(SPEC))
                        .size());
        List<Detection> one = DetectionDecoder.decode(rows, CHELSEA, SPEC, new DetectOptions(0, 0, 1).resolve(SPEC));
        assertEquals(1, one.size());
        assertEquals(0.9f, one.get(0).score());
        assertThrows(
                IllegalArgumentException.class,
                () -> DetectionDecoder.decode(new float[7], CHELSEA, SPEC, DetectOptions.DEFAULTS.resolve(SPEC)));
    }

    @Test
    void optionsDefaultToTheModelAndAreChecked() {
        assertEquals(new DetectOptions.Resolved(0.3f, 0.5f, 20), DetectOptions.DEFAULTS.resolve(SPEC));
        assertEquals(new DetectOptions.Resolved(0.6f, 0.7f, 3), new DetectOptions(0.6f, 0.7f, 3).resolve(SPEC));
        assertEquals(
                "min_score",
                assertThrows(InvalidDetectOptionsException.class, () -> new DetectOptions(1.5f, 0, 0))
                        .field());
        assertEquals(
                "min_score",
                assertThrows(InvalidDetectOptionsException.class, () -> new DetectOptions(Float.NaN, 0, 0))
                        .field());
        assertEquals(
                "nms_iou_threshold",
                assertThrows(InvalidDetectOptionsException.class, () -> new DetectOptions(0, -0.1f, 0))
                        .field());
        assertEquals(
                "max_objects",
                assertThrows(InvalidDetectOptionsException.class, () -> new DetectOptions(0, 0, -1))
                        .field());
    }

    @Test
    void readsTheSettingsOfTheModel(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("labels.txt"), "person\nbicycle\n\n", StandardCharsets.UTF_8);
        Properties p = new Properties();
        p.setProperty("task", "object-detection");
        p.setProperty("engine", "TensorFlow");
        p.setProperty("image.size", "320");
        p.setProperty("image.letterbox.align", "top-left");
        p.setProperty("labels.file", "labels.txt");
        p.setProperty("detection.output", "dets");
        p.setProperty("detection.score.threshold", "0.25");
        p.setProperty("detection.format", "x1,y1,x2,y2,score,class");
        DetectorSpec spec = DetectorSpec.from(new ModelDescriptor("m", "1", dir, p));
        assertEquals(320, spec.imageSize());
        assertEquals(Letterbox.Align.TOP_LEFT, spec.align());
        assertEquals(List.of("person", "bicycle"), spec.labels());
        assertEquals(0.25f, spec.scoreThreshold());
        assertEquals(0.5f, spec.nmsIouThreshold());
        assertEquals(20, spec.maxDetections());

        Properties other = (Properties) p.clone();
        other.setProperty("detection.format", "y1,x1,y2,x2,score,class");
        ModelRepositoryException e = assertThrows(
                ModelRepositoryException.class, () -> DetectorSpec.from(new ModelDescriptor("m", "1", dir, other)));
        assertTrue(e.getMessage().contains("detection.format"), e.getMessage());
        Properties badScore = (Properties) p.clone();
        badScore.setProperty("detection.score.threshold", "high");
        assertThrows(
                ModelRepositoryException.class, () -> DetectorSpec.from(new ModelDescriptor("m", "1", dir, badScore)));
        Properties noLabels = (Properties) p.clone();
        noLabels.setProperty("labels.file", "missing.txt");
        assertThrows(
                ModelRepositoryException.class, () -> DetectorSpec.from(new ModelDescriptor("m", "1", dir, noLabels)));
    }
}

package io.crossmodal.vision.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossmodal.runtime.batch.BatchMetrics;
import io.crossmodal.runtime.batch.RequestDroppedException;
import io.crossmodal.runtime.repository.ModelDescriptor;
import io.crossmodal.runtime.repository.ModelRepository;
import io.crossmodal.servicekit.call.RequestScope;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * CenterNet from the model repository ({@code centernet/3.0.4}, prepared by the models module) on the sample
 * images, through {@link ObjectDetector}: model-runtime's loader and batcher, letterbox, decoding, NMS.
 */
@Tag("tensorflow")
class ObjectDetectorTest {

    /** The cat in chelsea.png (451x300), by hand: from the left edge to the tip of the right ear, full height. */
    static final Box CAT = new Box(0, 0, 395, 300);
    /** The astronaut in astronaut.png (512x512), by hand: arms, hair to the bottom edge. */
    static final Box ASTRONAUT = new Box(20, 15, 365, 512);

    static ObjectDetector detector;
    static final RecordingMetrics metrics = new RecordingMetrics();

    @BeforeAll
    static void open() {
        ModelDescriptor descriptor =
                new ModelRepository(TestImages.modelRepository()).get("centernet", Optional.empty());
        detector = ObjectDetector.open(descriptor, metrics);
        detector.warmUp();
    }

    @AfterAll
    static void close() {
        if (detector != null) {
            detector.close();
        }
    }

    static List<Detection> detect(BufferedImage image, DetectOptions options) {
        return detector.detect(image, options, RequestScope.withTimeout(TimeUnit.SECONDS.toNanos(30)))
                .join();
    }

    static String describe(List<Detection> detections) {
        return detections.stream()
                .map(d -> String.format(
                        "%s %.3f [%.1f, %.1f, %.1f, %.1f]",
                        d.label(),
                        d.score(),
                        d.box().xMin(),
                        d.box().yMin(),
                        d.box().xMax(),
                        d.box().yMax()))
                .toList()
                .toString();
    }

    static void assertInside(List<Detection> detections, BufferedImage image) {
        for (Detection d : detections) {
            Box b = d.box();
            assertTrue(
                    b.xMin() >= 0
                            && b.yMin() >= 0
                            && b.xMax() <= image.getWidth()
                            && b.yMax() <= image.getHeight()
                            && b.xMin() < b.xMax()
                            && b.yMin() < b.yMax(),
                    "box inside the image: " + d);
        }
    }

    @Test
    void findsTheCat() {
        BufferedImage chelsea = TestImages.read("chelsea.png");
        List<Detection> found = detect(chelsea, DetectOptions.DEFAULTS);
        assertFalse(found.isEmpty(), "detections on chelsea.png");
        Detection top = found.get(0);
        assertEquals("cat", top.label());
        assertEquals(15, top.classId());
        // the importer test measured 0.525 on the same input (TF.js 0.5246)
        assertEquals(0.525, top.score(), 0.01, "score of the cat");
        double iou = top.box().iou(CAT);
        assertTrue(iou > 0.7, "cat box " + top.box() + " against the hand-drawn " + CAT + ": IoU " + iou);
        assertTrue(
                top.box().xMin() < 0.3 * 451
                        && top.box().xMax() > 0.7 * 451
                        && top.box().yMin() < 0.3 * 300
                        && top.box().yMax() > 0.7 * 300,
                "the cat box covers the centre");
        assertInside(found, chelsea);
        for (int i = 1; i < found.size(); i++) {
            assertTrue(found.get(i - 1).score() >= found.get(i).score(), "sorted by score: " + found);
            assertTrue(found.get(i).score() >= 0.3f, "default threshold 0.3: " + found);
        }
    }

    @Test
    void findsThePerson() {
        BufferedImage astronaut = TestImages.read("astronaut.png");
        List<Detection> found = detect(astronaut, DetectOptions.DEFAULTS);
        assertFalse(found.isEmpty(), "detections on astronaut.png");
        Detection top = found.get(0);
        assertEquals("person", top.label());
        assertEquals(0, top.classId());
        assertTrue(top.score() > 0.4, "person score " + top.score());
        assertTrue(top.box().iou(ASTRONAUT) > 0.6, "person box " + top.box() + " against " + ASTRONAUT);
        assertInside(found, astronaut);
    }

    @Test
    void blankImageHasNoObjects() {
        BufferedImage blank = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = blank.createGraphics();
        g.setColor(new Color(128, 128, 128));
        g.fillRect(0, 0, 640, 480);
        g.dispose();
        assertEquals(List.of(), detect(blank, DetectOptions.DEFAULTS));
        List<Detection> any = detect(blank, new DetectOptions(0.01f, 0, 100));
        assertTrue(any.stream().allMatch(d -> d.score() < 0.3), "nothing above 0.3 on a blank image: " + any);
        assertEquals(
                List.of(),
                detect(new BufferedImage(300, 200, BufferedImage.TYPE_INT_RGB), DetectOptions.DEFAULTS),
                "black 300x200");
    }

    @Test
    void boxesAreInOriginalPixels() {
        BufferedImage chelsea = TestImages.read("chelsea.png");
        Box original = detect(chelsea, DetectOptions.DEFAULTS).get(0).box();

        // the same picture at twice the size: the boxes double
        BufferedImage doubled = scaled(chelsea, 2);
        List<Detection> onDoubled = detect(doubled, DetectOptions.DEFAULTS);
        assertEquals("cat", onDoubled.get(0).label());
        Box big = onDoubled.get(0).box();
        Box expected = new Box(original.xMin() * 2, original.yMin() * 2, original.xMax() * 2, original.yMax() * 2);
        assertTrue(big.iou(expected) > 0.95, "box on the x2 image " + big + ", twice the original " + expected);
        assertEquals(expected.xMax(), big.xMax(), 0.03 * doubled.getWidth(), "right edge");
        assertInside(onDoubled, doubled);

        // the same picture inside a larger black canvas: the box moves with it
        int left = 120;
        int top = 40;
        BufferedImage framed = new BufferedImage(451 + 2 * left, 300 + 2 * top, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = framed.createGraphics();
        g.drawImage(chelsea, left, top, null);
        g.dispose();
        List<Detection> onFramed = detect(framed, DetectOptions.DEFAULTS);
        assertEquals("cat", onFramed.get(0).label());
        Box moved = onFramed.get(0).box();
        Box shifted =
                new Box(original.xMin() + left, original.yMin() + top, original.xMax() + left, original.yMax() + top);
        assertTrue(moved.iou(shifted) > 0.8, "box on the framed image " + moved + ", shifted original " + shifted);
        assertTrue(moved.xMin() >= left - 10 && moved.yMin() >= top - 10, "the box stays on the picture: " + moved);
        assertInside(onFramed, framed);
    }

    @Test
    void optionsOverrideTheModelDefaults() {
        BufferedImage chelsea = TestImages.read("chelsea.png");
        List<Detection> all = detect(chelsea, new DetectOptions(0.05f, 1f, 100));
        List<Detection> suppressed = detect(chelsea, new DetectOptions(0.05f, 0.5f, 100));
        assertTrue(
                all.size() > suppressed.size(),
                "NMS removes overlapping cats: " + all.size() + " objects without " + describe(all) + ", "
                        + suppressed.size() + " with NMS 0.5 " + describe(suppressed));
        assertEquals(all.get(0), suppressed.get(0), "NMS keeps the best box");
        assertEquals(
                1,
                suppressed.stream()
                        .filter(d -> d.classId() == 15 && d.box().iou(all.get(0).box()) > 0.5)
                        .count(),
                "one cat left where the top cat is");
        assertEquals(1, detect(chelsea, new DetectOptions(0.05f, 0, 1)).size(), "max_objects 1");
        assertEquals(List.of(), detect(chelsea, new DetectOptions(0.9f, 0, 0)), "nothing scores 0.9");
    }

    @Test
    void concurrentCallersEachGetTheirAnswer() throws Exception {
        BufferedImage chelsea = TestImages.read("chelsea.png");
        BufferedImage astronaut = TestImages.read("astronaut.png");
        int batchesBefore = metrics.batches.get();
        List<CompletableFuture<List<Detection>>> futures = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            BufferedImage image = i % 2 == 0 ? chelsea : astronaut;
            futures.add(CompletableFuture.supplyAsync(
                            () -> detector.detect(image, DetectOptions.DEFAULTS, RequestScope.UNBOUNDED))
                    .thenCompose(f -> f));
        }
        for (int i = 0; i < futures.size(); i++) {
            List<Detection> found = futures.get(i).get(60, TimeUnit.SECONDS);
            assertEquals(i % 2 == 0 ? "cat" : "person", found.get(0).label(), "item " + i);
        }
        assertEquals(4, metrics.batches.get() - batchesBefore, "batches of one image each");
        assertEquals(1, metrics.maxBatchSize.get(), "batch.max.size=1");
        assertTrue(
                metrics.lastCost.get() == 451L * 300 || metrics.lastCost.get() == 512L * 512,
                "cost is the original pixel count: " + metrics.lastCost.get());
    }

    @Test
    void expiredRequestIsDroppedBeforeInference() {
        BufferedImage chelsea = TestImages.read("chelsea.png");
        CompletableFuture<List<Detection>> late =
                detector.detect(chelsea, DetectOptions.DEFAULTS, new RequestScope(System.nanoTime() - 1, () -> false));
        CompletionException e = assertThrows(CompletionException.class, late::join);
        assertTrue(e.getCause() instanceof RequestDroppedException, "dropped: " + e.getCause());
    }

    @Test
    void describesTheModel() {
        DetectorSpec spec = detector.spec();
        assertEquals(512, spec.imageSize());
        assertEquals(Letterbox.Align.CENTER, spec.align());
        assertEquals("tower_0/detections", spec.outputName());
        assertEquals(80, spec.labels().size());
        assertEquals("cat", spec.label(15));
        assertEquals(0.3f, spec.scoreThreshold());
        assertEquals(0.5f, spec.nmsIouThreshold());
        assertEquals(20, spec.maxDetections());
        assertEquals(1, detector.batching().maxBatchSize());
        assertEquals(ObjectDetector.COST_UNIT, detector.batching().costUnit());
    }

    static BufferedImage scaled(BufferedImage image, int factor) {
        BufferedImage out =
                new BufferedImage(image.getWidth() * factor, image.getHeight() * factor, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, out.getWidth(), out.getHeight(), null);
        g.dispose();
        return out;
    }

    /** Counts what the batcher reports. */
    static final class RecordingMetrics implements BatchMetrics {
        final AtomicInteger batches = new AtomicInteger();
        final AtomicInteger maxBatchSize = new AtomicInteger();
        final AtomicLong lastCost = new AtomicLong();
        final AtomicInteger inferences = new AtomicInteger();

        @Override
        public void batchStarted(int size, long cost) {
            batches.incrementAndGet();
            maxBatchSize.accumulateAndGet(size, Math::max);
            lastCost.set(cost);
        }

        @Override
        public void inference(long nanos, boolean success) {
            inferences.incrementAndGet();
        }
    }
}

package io.crossmodal.vision.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Class-wise NMS and box IoU on synthetic detections; no model. */
class NonMaxSuppressionTest {

    static Detection d(String label, int classId, float score, float x1, float y1, float x2, float y2) {
        return new Detection(label, classId, score, new Box(x1, y1, x2, y2));
    }

    @Test
    void iou() {
        Box a = new Box(0, 0, 10, 10);
        assertEquals(1, a.iou(a), 1e-12);
        assertEquals(0, a.iou(new Box(10, 0, 20, 10)), 1e-12, "touching edges");
        assertEquals(0, a.iou(new Box(20, 20, 30, 30)), 1e-12);
        assertEquals(50.0 / 150, a.iou(new Box(5, 0, 15, 10)), 1e-12);
        assertEquals(25.0 / 100, a.iou(new Box(0, 0, 5, 5)), 1e-12, "inside");
        assertEquals(0, new Box(3, 3, 3, 3).iou(new Box(3, 3, 3, 3)), 1e-12, "empty boxes");
    }

    @Test
    void keepsTheBestOfOverlappingBoxesOfOneClass() {
        Detection best = d("cat", 15, 0.9f, 0, 0, 100, 100);
        Detection overlapping = d("cat", 15, 0.8f, 5, 5, 105, 105); // IoU 0.82
        Detection apart = d("cat", 15, 0.7f, 200, 0, 300, 100);
        Detection slightly = d("cat", 15, 0.6f, 60, 0, 160, 100); // IoU with best 0.25, with apart 0
        List<Detection> kept = NonMaxSuppression.apply(List.of(slightly, overlapping, apart, best), 0.5, 10);
        assertEquals(List.of(best, apart, slightly), kept);
        assertEquals(
                List.of(best, apart), NonMaxSuppression.apply(List.of(slightly, overlapping, apart, best), 0.2, 10));
    }

    @Test
    void classesDoNotSuppressEachOther() {
        Detection cat = d("cat", 15, 0.9f, 0, 0, 100, 100);
        Detection couch = d("couch", 57, 0.5f, 0, 0, 100, 100);
        Detection dog = d("dog", 16, 0.4f, 1, 1, 100, 100);
        Detection secondCat = d("cat", 15, 0.3f, 1, 1, 100, 100);
        assertEquals(List.of(cat, couch, dog), NonMaxSuppression.apply(List.of(secondCat, dog, couch, cat), 0.5, 10));
    }

    @Test
    void thresholdOneKeepsEverythingAndMaxCaps() {
        Detection a = d("cat", 15, 0.9f, 0, 0, 100, 100);
        Detection b = d("cat", 15, 0.8f, 0, 0, 100, 100);
        Detection c = d("cat", 15, 0.7f, 0, 0, 100, 100);
        assertEquals(List.of(a, b, c), NonMaxSuppression.apply(List.of(c, b, a), 1.0, 10));
        assertEquals(List.of(a, b), NonMaxSuppression.apply(List.of(c, b, a), 1.0, 2));
        assertEquals(List.of(a), NonMaxSuppression.apply(List.of(c, b, a), 0.5, 2));
        assertEquals(List.of(), NonMaxSuppression.apply(List.of(), 0.5, 2));
    }

    @Test
    void equalScoresKeepInputOrder() {
        Detection first = d("cat", 15, 0.5f, 0, 0, 10, 10);
        Detection second = d("dog", 16, 0.5f, 0, 0, 10, 10);
        assertEquals(List.of(first, second), NonMaxSuppression.apply(List.of(first, second), 0.5, 10));
        assertEquals(List.of(second, first), NonMaxSuppression.apply(List.of(second, first), 0.5, 10));
    }
}

package io.crossmodal.vision.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class FeaturePoolingTest {

    /** A 4x4 map of 2 channels: cell (r, c) holds {1, 0} where {@code image} is true, else {0, 100}. */
    static float[] map(boolean[][] image) {
        float[] m = new float[4 * 4 * 2];
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 4; c++) {
                m[(r * 4 + c) * 2] = image[r][c] ? 1 : 0;
                m[(r * 4 + c) * 2 + 1] = image[r][c] ? 0 : 100;
            }
        }
        return m;
    }

    @Test
    void cellsOverThePaddingAreLeftOut() {
        // a 2:1 image letterboxed into 64x64 with centre alignment covers rows 1 and 2 (y 16..48) fully
        Letterbox box = Letterbox.of(200, 100, 64, Letterbox.Align.CENTER);
        assertEquals(16, box.offsetY());
        boolean[][] image = {
            {false, false, false, false},
            {true, true, true, true},
            {true, true, true, true},
            {false, false, false, false}
        };
        float[] v = FeaturePooling.meanOverImageCells(map(image), 4, 4, 2, box);
        assertArrayEquals(new float[] {1, 0}, v, 1e-6f);
    }

    @Test
    void partlyCoveredCellsCountByTheirCoveredShare() {
        // 64x16 image in 64x64: rows y 24..40 -> row 1 (16..32) half covered, row 2 (32..48) half covered
        Letterbox box = Letterbox.of(64, 16, 64, Letterbox.Align.CENTER);
        float[] m = new float[4 * 4 * 2];
        for (int c = 0; c < 4; c++) {
            m[(4 + c) * 2] = 3; // row 1: {3, 0}
            m[(8 + c) * 2 + 1] = 1; // row 2: {0, 1}
            m[(0 + c) * 2 + 1] = 1000; // row 0 is padding
        }
        float[] v = FeaturePooling.meanOverImageCells(m, 4, 4, 2, box);
        // mean {1.5, 0.5}, normalised
        double n = Math.sqrt(1.5 * 1.5 + 0.5 * 0.5);
        assertArrayEquals(new float[] {(float) (1.5 / n), (float) (0.5 / n)}, v, 1e-6f);
    }

    @Test
    void aThinImageStillHasCellsAndTheVectorIsUnitLength() {
        Letterbox box = Letterbox.of(1000, 1, 64, Letterbox.Align.TOP_LEFT);
        float[] m = new float[4 * 4 * 2];
        java.util.Arrays.fill(m, 2f);
        float[] v = FeaturePooling.meanOverImageCells(m, 4, 4, 2, box);
        assertEquals(1.0, Math.hypot(v[0], v[1]), 1e-6);
    }

    @Test
    void aMapOfTheWrongSizeIsRefused() {
        Letterbox box = Letterbox.of(10, 10, 64, Letterbox.Align.CENTER);
        assertThrows(
                IllegalArgumentException.class, () -> FeaturePooling.meanOverImageCells(new float[5], 4, 4, 2, box));
    }
}

package io.crossmodal.fusion.fuse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.crossmodal.servicekit.error.ServiceException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** VectorFusion: weighted mean in one space, normalisation, shares, and every refusal naming its field. */
class FuseVectorsTest {

    private static final String SPACE = "m@1#r1";

    private static WeightedVector v(float weight, float... values) {
        return new WeightedVector(SPACE, 0, values, weight);
    }

    private static FusedVector fuse(boolean normalize, WeightedVector... inputs) {
        return VectorFusion.fuse(List.of(inputs), normalize, 8, 16);
    }

    private static ServiceException refused(boolean normalize, WeightedVector... inputs) {
        ServiceException e = assertThrows(ServiceException.class, () -> fuse(normalize, inputs));
        assertEquals(ServiceException.Kind.INVALID_INPUT, e.kind());
        return e;
    }

    @Test
    void weightedMeanWithoutNormalisation() {
        // (1 * [2, 0] + 3 * [0, 4]) / (1 + 3) = [0.5, 3]
        FusedVector f = fuse(false, v(1, 2, 0), v(3, 0, 4));
        assertEquals(SPACE, f.space());
        assertArrayEquals(new float[] {0.5f, 3f}, f.values(), 1e-6f);
        assertArrayEquals(new double[] {0.25, 0.75}, f.shares(), 1e-12);
    }

    @Test
    void zeroWeightCountsAsOne() {
        FusedVector f = fuse(false, v(0, 2, 0), v(0, 0, 4));
        assertArrayEquals(new float[] {1f, 2f}, f.values(), 1e-6f);
        assertArrayEquals(new double[] {0.5, 0.5}, f.shares(), 1e-12);
    }

    @Test
    void normalisesEachInputAndTheResult() {
        // [2, 0] -> [1, 0]; [0, 4] -> [0, 1]; (1*[1,0] + 3*[0,1]) / 4 = [0.25, 0.75]; / sqrt(0.625) = [0.3162, 0.9487]
        FusedVector f = fuse(true, v(1, 2, 0), v(3, 0, 4));
        assertArrayEquals(new float[] {0.31622776f, 0.9486833f}, f.values(), 1e-6f);
        assertArrayEquals(new double[] {0.25, 0.75}, f.shares(), 1e-12);
        double norm = Math.hypot(f.values()[0], f.values()[1]);
        assertEquals(1.0, norm, 1e-6);
    }

    @Test
    void oneVectorIsItself() {
        FusedVector f = fuse(false, v(5, 1, -2, 3));
        assertArrayEquals(new float[] {1, -2, 3}, f.values());
        assertArrayEquals(new double[] {1.0}, f.shares());
    }

    @Test
    void otherSpaceIsRefusedNamingTheFieldAndBothSpaces() {
        ServiceException e =
                refused(false, v(1, 1, 0), v(1, 0, 1), new WeightedVector("other@1#r1", 0, new float[] {1, 1}, 1));
        assertEquals("SPACE_MISMATCH", e.reasonCode());
        assertEquals("embeddings[2].embedding.space_id", e.requestField().orElseThrow());
        assertEquals(Map.of("expected_space", SPACE, "actual_space", "other@1#r1"), e.metadata());
    }

    @Test
    void otherDimensionIsRefused() {
        ServiceException e = refused(false, v(1, 1, 0), v(1, 1, 0, 0));
        assertEquals("DIMENSION_MISMATCH", e.reasonCode());
        assertEquals("embeddings[1].embedding.values", e.requestField().orElseThrow());
        assertEquals("2", e.metadata().get("expected_dimension"));
        assertEquals("3", e.metadata().get("actual_dimension"));
    }

    @Test
    void refusals() {
        assertEquals("NO_VECTORS", refused(false).reasonCode());
        ServiceException negative = refused(false, v(1, 1), v(-0.5f, 1));
        assertEquals("INVALID_WEIGHT", negative.reasonCode());
        assertEquals("embeddings[1].weight", negative.requestField().orElseThrow());
        assertEquals("INVALID_WEIGHT", refused(false, v(Float.NaN, 1)).reasonCode());
        assertEquals(
                "embeddings[0].embedding.space_id",
                refused(false, new WeightedVector("", 0, new float[] {1}, 1))
                        .requestField()
                        .orElseThrow());
        assertEquals("EMPTY_VECTOR", refused(false, v(1)).reasonCode());
        ServiceException declared = refused(false, new WeightedVector(SPACE, 3, new float[] {1, 2}, 1));
        assertEquals("INCONSISTENT_DIMENSION", declared.reasonCode());
        assertEquals(
                "embeddings[0].embedding.dimension", declared.requestField().orElseThrow());
        assertEquals("NON_FINITE_VALUE", refused(false, v(1, 1, Float.NaN)).reasonCode());
        ServiceException zero = refused(true, v(1, 1, 0), v(1, 0, 0));
        assertEquals("ZERO_VECTOR", zero.reasonCode());
        assertEquals("embeddings[1].embedding.values", zero.requestField().orElseThrow());
        // opposite vectors of equal weight cancel out: nothing to normalise
        assertEquals(
                "FUSED_VECTOR_IS_ZERO", refused(true, v(1, 1, 2), v(1, -1, -2)).reasonCode());
        // without normalisation the zero mean is a true answer
        assertArrayEquals(
                new float[] {0, 0}, fuse(false, v(1, 1, 2), v(1, -1, -2)).values());
    }

    @Test
    void limits() {
        ServiceException many = assertThrows(
                ServiceException.class, () -> VectorFusion.fuse(List.of(v(1, 1), v(1, 1), v(1, 1)), false, 2, 16));
        assertEquals("TOO_MANY_VECTORS", many.reasonCode());
        assertEquals("embeddings", many.requestField().orElseThrow());
        assertEquals("2", many.metadata().get("limit"));
        ServiceException wide =
                assertThrows(ServiceException.class, () -> VectorFusion.fuse(List.of(v(1, 1, 2, 3)), false, 2, 2));
        assertEquals("DIMENSION_TOO_LARGE", wide.reasonCode());
        assertEquals("embeddings[0].embedding.values", wide.requestField().orElseThrow());
    }
}

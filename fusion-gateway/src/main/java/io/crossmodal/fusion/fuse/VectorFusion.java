package io.crossmodal.fusion.fuse;

import java.util.List;
import java.util.Map;

/**
 * Weighted mean of vectors of one space: {@code sum(w_i * v_i) / sum(w_i)}, the weights with 0 counted as 1 and, when
 * asked, every input L2-normalised before weighting and the result after. Computed in double, returned as float.
 * Vectors of different spaces or dimensions are never mixed: that is the request's fault (INVALID_ARGUMENT on the
 * offending field, the expected and actual values in ErrorInfo metadata). Validation stops at the first problem, in
 * request order.
 */
public final class VectorFusion {

    /** Below this norm a fused, to-be-normalised vector is taken as zero: its inputs cancelled out. */
    static final double ZERO_NORM = 1e-9;

    private VectorFusion() {}

    public static FusedVector fuse(List<WeightedVector> inputs, boolean normalize, int maxVectors, int maxDimension) {
        if (inputs.isEmpty()) {
            throw Invalid.field("NO_VECTORS", "embeddings", "at least one embedding is required");
        }
        if (inputs.size() > maxVectors) {
            throw Invalid.field(
                    "TOO_MANY_VECTORS",
                    "embeddings",
                    inputs.size() + " embeddings, at most " + maxVectors + " per call",
                    Map.of("limit", String.valueOf(maxVectors), "actual", String.valueOf(inputs.size())));
        }
        WeightedVector first = inputs.get(0);
        String space = first.space();
        int dimension = first.values().length;
        double[] sum = new double[dimension];
        double[] weights = new double[inputs.size()];
        double totalWeight = 0;
        for (int i = 0; i < inputs.size(); i++) {
            WeightedVector in = inputs.get(i);
            String at = "embeddings[" + i + "]";
            float[] values = check(in, at, space, dimension, maxDimension);
            double weight = Invalid.weight(in.weight(), at + ".weight");
            double scale = weight;
            if (normalize) {
                double norm = norm(values);
                if (norm == 0) {
                    throw Invalid.field(
                            "ZERO_VECTOR",
                            at + ".embedding.values",
                            "a zero vector cannot be L2-normalised (normalize is set)");
                }
                scale = weight / norm;
            }
            for (int d = 0; d < dimension; d++) {
                sum[d] += scale * values[d];
            }
            weights[i] = weight;
            totalWeight += weight;
        }
        double[] mean = new double[dimension];
        for (int d = 0; d < dimension; d++) {
            mean[d] = sum[d] / totalWeight;
        }
        if (normalize) {
            double norm = norm(mean);
            if (norm < ZERO_NORM) {
                throw Invalid.field(
                        "FUSED_VECTOR_IS_ZERO",
                        "embeddings",
                        "the weighted inputs cancel out (norm " + norm + "): the result cannot be L2-normalised");
            }
            for (int d = 0; d < dimension; d++) {
                mean[d] /= norm;
            }
        }
        float[] out = new float[dimension];
        for (int d = 0; d < dimension; d++) {
            out[d] = (float) mean[d];
        }
        double[] shares = new double[weights.length];
        for (int i = 0; i < weights.length; i++) {
            shares[i] = weights[i] / totalWeight;
        }
        return new FusedVector(space, out, shares);
    }

    private static float[] check(WeightedVector in, String at, String space, int dimension, int maxDimension) {
        float[] values = in.values();
        if (in.space() == null || in.space().isEmpty()) {
            throw Invalid.field("MISSING_SPACE", at + ".embedding.space_id", "the embedding space id is required");
        }
        if (!in.space().equals(space)) {
            throw Invalid.field(
                    "SPACE_MISMATCH",
                    at + ".embedding.space_id",
                    "space " + in.space() + " differs from embeddings[0]'s " + space
                            + ": vectors of different spaces cannot be fused",
                    Map.of("expected_space", space, "actual_space", in.space()));
        }
        if (values.length == 0) {
            throw Invalid.field("EMPTY_VECTOR", at + ".embedding.values", "the vector has no values");
        }
        if (in.declaredDimension() != 0 && in.declaredDimension() != values.length) {
            throw Invalid.field(
                    "INCONSISTENT_DIMENSION",
                    at + ".embedding.dimension",
                    "dimension " + in.declaredDimension() + " but " + values.length + " values",
                    Map.of(
                            "declared_dimension",
                            String.valueOf(in.declaredDimension()),
                            "actual_dimension",
                            String.valueOf(values.length)));
        }
        if (values.length > maxDimension) {
            throw Invalid.field(
                    "DIMENSION_TOO_LARGE",
                    at + ".embedding.values",
                    values.length + " values, at most " + maxDimension,
                    Map.of("limit", String.valueOf(maxDimension), "actual", String.valueOf(values.length)));
        }
        if (values.length != dimension) {
            throw Invalid.field(
                    "DIMENSION_MISMATCH",
                    at + ".embedding.values",
                    values.length + " values, embeddings[0] has " + dimension
                            + ": vectors of different dimensions cannot be fused",
                    Map.of(
                            "expected_dimension",
                            String.valueOf(dimension),
                            "actual_dimension",
                            String.valueOf(values.length)));
        }
        for (int d = 0; d < values.length; d++) {
            if (!Float.isFinite(values[d])) {
                throw Invalid.field(
                        "NON_FINITE_VALUE",
                        at + ".embedding.values[" + d + "]",
                        "value " + values[d] + " is not finite");
            }
        }
        return values;
    }

    private static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        return Math.sqrt(s);
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }
}

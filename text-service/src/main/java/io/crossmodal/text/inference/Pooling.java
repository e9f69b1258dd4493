package io.crossmodal.text.inference;

/**
 * Turns a model's token vectors into one sentence vector, in plain Java.
 *
 * <p>Plain Java on purpose: the tokenizers jar registers a "Rust" DJL engine whose NDArray operations (norm among
 * them) throw, and the arrays are small enough that copying them out costs less than a second native call.
 */
public enum Pooling {
    /** Mean of the vectors of the real (non-padding) tokens: sentence-transformers models such as MiniLM. */
    MEAN,
    /** The first ([CLS]) token's vector: BGE models. */
    CLS;

    public static Pooling parse(String value) {
        return switch (value.trim().toLowerCase()) {
            case "mean" -> MEAN;
            case "cls" -> CLS;
            default -> throw new IllegalArgumentException("Unknown pooling '" + value + "' (mean, cls)");
        };
    }

    /**
     * Pools item {@code item} of a {@code [batch, paddedLength, hidden]} row-major array.
     *
     * @param realLength tokens of this item before padding
     */
    public float[] pool(float[] hiddenStates, int item, int paddedLength, int hidden, int realLength) {
        float[] out = new float[hidden];
        int base = item * paddedLength * hidden;
        if (this == CLS) {
            System.arraycopy(hiddenStates, base, out, 0, hidden);
            return out;
        }
        for (int t = 0; t < realLength; t++) {
            int offset = base + t * hidden;
            for (int h = 0; h < hidden; h++) {
                out[h] += hiddenStates[offset + h];
            }
        }
        float inv = 1f / Math.max(realLength, 1);
        for (int h = 0; h < hidden; h++) {
            out[h] *= inv;
        }
        return out;
    }

    /** Scales {@code v} in place to unit L2 norm (a zero vector stays zero). */
    public static float[] l2Normalize(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        if (sum > 0) {
            float inv = (float) (1.0 / Math.sqrt(sum));
            for (int i = 0; i < v.length; i++) {
                v[i] *= inv;
            }
        }
        return v;
    }
}

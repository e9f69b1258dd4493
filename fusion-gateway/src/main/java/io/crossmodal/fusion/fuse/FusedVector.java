package io.crossmodal.fusion.fuse;

/**
 * The answer of FuseVectors.
 *
 * @param space the inputs' (common) space
 * @param values the fused vector, of the inputs' dimension
 * @param shares each input's share of the result, in request order, each in [0, 1], summing to 1
 */
public record FusedVector(String space, float[] values, double[] shares) {}

package io.crossmodal.fusion.fuse;

/**
 * One input of FuseVectors.
 *
 * @param space the embedding space id the vector claims
 * @param declaredDimension the dimension the caller declared; 0 = not declared (take the number of values)
 * @param values the components
 * @param weight relative weight as sent (>= 0; 0 counts as 1)
 */
public record WeightedVector(String space, int declaredDimension, float[] values, float weight) {}

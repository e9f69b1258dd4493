package io.crossmodal.fusion.fuse;

/** How FuseScores turns one list's entries into parts of the fused score (before the list's weight). */
public enum FusionMethod {
    /** 1 / (k + rank), rank from 1. */
    RECIPROCAL_RANK,
    /** (s - min) / (max - min); 1 for every item when the list's scores are all equal. */
    MIN_MAX,
    /** (s - mean) / population standard deviation; 0 for every item when the list's scores are all equal. */
    Z_SCORE
}

package io.crossmodal.fusion.fuse;

import java.util.List;

/**
 * One item of the fused ranking.
 *
 * @param id the item's id
 * @param score the fused score: the sum of its parts
 * @param parts one per list, in request order, also for lists the item is absent from
 */
public record FusedRank(String id, double score, List<Part> parts) {

    /**
     * What one list gave the item.
     *
     * @param source the list's name
     * @param score weight times the list's part; 0 when absent
     * @param rank 1-based position in that list; 0 = absent
     * @param rawScore the item's score in that list; 0 when absent
     */
    public record Part(String source, double score, int rank, double rawScore) {}

    /** The best (smallest) rank the item has in any list. */
    public int bestRank() {
        int best = Integer.MAX_VALUE;
        for (Part p : parts) {
            if (p.rank() > 0 && p.rank() < best) {
                best = p.rank();
            }
        }
        return best;
    }
}

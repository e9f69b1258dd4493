package io.crossmodal.fusion.fuse;

import java.util.List;

/**
 * One ranked list of FuseScores.
 *
 * @param name the name echoed in contributions; empty = "lists[i]"
 * @param weight relative weight as sent (>= 0; 0 counts as 1)
 * @param items best first: an item's rank is its position, from 1
 */
public record ScoreList(String name, float weight, List<Entry> items) {

    /** An item of a list and its score in the list's own scale (higher is better). */
    public record Entry(String id, float score) {}
}

package io.crossmodal.fusion.fuse;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fuses ranked lists into one ranking. An item's fused score is the sum, over the lists, of the list's weight (0
 * counted as 1) times the list's part for it ({@link FusionMethod}); a list the item is absent from gives 0. Every id
 * of every list is returned once, ordered by fused score (as the float the API returns) descending, then by the best
 * rank it has in any list, then by id ascending (UTF-16 code units), and cut to top_k. Computed in double.
 */
public final class ScoreFusion {

    /** The RRF constant used when the caller gives 0. */
    public static final double DEFAULT_RRF_K = 60;

    /**
     * Fused score as the API returns it (float) descending, then best rank, then id. The scores are compared with
     * {@code ==} first so that 0.0 and -0.0 (which Float.compare orders) tie as the caller sees them.
     */
    static final Comparator<FusedRank> ORDER = ((Comparator<FusedRank>) (x, y) -> {
                float fx = (float) x.score();
                float fy = (float) y.score();
                return fx == fy ? 0 : Float.compare(fy, fx);
            })
            .thenComparingInt(FusedRank::bestRank)
            .thenComparing(FusedRank::id);

    private ScoreFusion() {}

    /**
     * @param rrfK the RRF constant, 0 = {@value #DEFAULT_RRF_K}; only read by {@link FusionMethod#RECIPROCAL_RANK}
     * @param topK how many to keep; 0 = all
     */
    public static List<FusedRank> fuse(
            List<ScoreList> lists, FusionMethod method, float rrfK, int topK, int maxLists, int maxListItems) {
        if (lists.isEmpty()) {
            throw Invalid.field("NO_LISTS", "lists", "at least one ranked list is required");
        }
        if (lists.size() > maxLists) {
            throw Invalid.field(
                    "TOO_MANY_LISTS",
                    "lists",
                    lists.size() + " lists, at most " + maxLists + " per call",
                    Map.of("limit", String.valueOf(maxLists), "actual", String.valueOf(lists.size())));
        }
        if (!Float.isFinite(rrfK) || rrfK < 0) {
            throw Invalid.field("INVALID_RRF_K", "rrf_k", "rrf_k must be finite and > 0 (0 = 60), got " + rrfK);
        }
        if (topK < 0) {
            throw Invalid.field("INVALID_TOP_K", "top_k", "top_k must be >= 0, got " + topK);
        }
        double k = rrfK == 0 ? DEFAULT_RRF_K : rrfK;
        int n = lists.size();
        String[] names = new String[n];
        Set<String> seenNames = new HashSet<>();
        Map<String, Accumulator> items = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            ScoreList list = lists.get(i);
            String at = "lists[" + i + "]";
            names[i] = list.name() == null || list.name().isEmpty() ? at : list.name();
            if (!seenNames.add(names[i])) {
                throw Invalid.field(
                        "DUPLICATE_LIST_NAME",
                        at + ".name",
                        "list name '" + names[i] + "' is used by an earlier list; names identify contributions");
            }
            double weight = Invalid.weight(list.weight(), at + ".weight");
            double[] parts = parts(list, at, method, k, maxListItems);
            Map<String, Integer> positions = new HashMap<>();
            for (int j = 0; j < list.items().size(); j++) {
                ScoreList.Entry e = list.items().get(j);
                Integer earlier = positions.putIfAbsent(e.id(), j);
                if (earlier != null) {
                    throw Invalid.field(
                            "DUPLICATE_ID",
                            at + ".items[" + j + "].id",
                            "id '" + e.id() + "' is already at " + at + ".items[" + earlier
                                    + "]: an id appears at most once per list",
                            Map.of("id", e.id(), "first_index", String.valueOf(earlier)));
                }
                Accumulator acc = items.computeIfAbsent(e.id(), id -> new Accumulator(n));
                acc.score[i] = weight * parts[j];
                acc.rank[i] = j + 1;
                acc.raw[i] = e.score();
            }
        }
        List<FusedRank> fused = new ArrayList<>(items.size());
        for (Map.Entry<String, Accumulator> e : items.entrySet()) {
            Accumulator acc = e.getValue();
            List<FusedRank.Part> parts = new ArrayList<>(n);
            double total = 0;
            for (int i = 0; i < n; i++) {
                parts.add(new FusedRank.Part(names[i], acc.score[i], acc.rank[i], acc.raw[i]));
                total += acc.score[i];
            }
            fused.add(new FusedRank(e.getKey(), total, List.copyOf(parts)));
        }
        fused.sort(ORDER);
        return topK == 0 || topK >= fused.size() ? fused : List.copyOf(fused.subList(0, topK));
    }

    /** Each entry's part in this list (before the weight), checking ids and scores on the way. */
    private static double[] parts(ScoreList list, String at, FusionMethod method, double k, int maxListItems) {
        List<ScoreList.Entry> entries = list.items();
        if (entries.size() > maxListItems) {
            throw Invalid.field(
                    "TOO_MANY_ITEMS",
                    at + ".items",
                    entries.size() + " items, at most " + maxListItems + " per list",
                    Map.of("limit", String.valueOf(maxListItems), "actual", String.valueOf(entries.size())));
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (int j = 0; j < entries.size(); j++) {
            ScoreList.Entry e = entries.get(j);
            if (e.id() == null || e.id().isEmpty()) {
                throw Invalid.field("EMPTY_ID", at + ".items[" + j + "].id", "an item needs a non-empty id");
            }
            if (!Float.isFinite(e.score())) {
                throw Invalid.field(
                        "NON_FINITE_SCORE", at + ".items[" + j + "].score", "score " + e.score() + " is not finite");
            }
            min = Math.min(min, e.score());
            max = Math.max(max, e.score());
            sum += e.score();
        }
        int size = entries.size();
        double[] parts = new double[size];
        switch (method) {
            case RECIPROCAL_RANK -> {
                for (int j = 0; j < size; j++) {
                    parts[j] = 1.0 / (k + j + 1);
                }
            }
            case MIN_MAX -> {
                for (int j = 0; j < size; j++) {
                    // all scores equal (one item, say): every item is the list's best
                    parts[j] = max == min ? 1.0 : (entries.get(j).score() - min) / (max - min);
                }
            }
            case Z_SCORE -> {
                double mean = sum / size;
                double squares = 0;
                for (ScoreList.Entry e : entries) {
                    squares += (e.score() - mean) * (e.score() - mean);
                }
                double deviation = Math.sqrt(squares / size);
                for (int j = 0; j < size; j++) {
                    // all scores equal: no spread to measure, every item is average (the mean itself may not be
                    // exactly the common score in floating point, hence the test on min and max)
                    parts[j] = max == min ? 0.0 : (entries.get(j).score() - mean) / deviation;
                }
            }
        }
        return parts;
    }

    private static final class Accumulator {
        final double[] score;
        final int[] rank;
        final double[] raw;

        Accumulator(int lists) {
            score = new double[lists];
            rank = new int[lists];
            raw = new double[lists];
        }
    }
}

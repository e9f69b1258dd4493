package io.crossmodal.fusion.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.crossmodal.servicekit.error.ServiceException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ScoreFusion: RRF, min-max and z-score sums, the tie rule, top_k, and the refusals. */
class FuseScoresTest {

    private static ScoreList list(String name, float weight, Object... idScore) {
        List<ScoreList.Entry> entries = new ArrayList<>();
        for (int i = 0; i < idScore.length; i += 2) {
            entries.add(new ScoreList.Entry((String) idScore[i], ((Number) idScore[i + 1]).floatValue()));
        }
        return new ScoreList(name, weight, entries);
    }

    private static List<FusedRank> fuse(FusionMethod method, float k, int topK, ScoreList... lists) {
        return ScoreFusion.fuse(List.of(lists), method, k, topK, 16, 100);
    }

    private static List<String> ids(List<FusedRank> fused) {
        return fused.stream().map(FusedRank::id).toList();
    }

    private static ServiceException refused(FusionMethod method, float k, ScoreList... lists) {
        return assertThrows(ServiceException.class, () -> fuse(method, k, 0, lists));
    }

    /** The example FuseGrpcTest sends through the gateway too. */
    static final ScoreList[] RRF_EXAMPLE = {
        list("text", 0, "a", 0.9, "b", 0.8, "c", 0.7), list("image", 2, "b", 0.6, "d", 0.5, "a", 0.4)
    };

    @Test
    void reciprocalRankByHand() {
        // k = 60 (rrf_k 0); text weight 0 counts as 1, image weight 2; rank = position from 1.
        //   a: text rank 1, image rank 3: 1/61 + 2/63 = 0.016393443 + 0.031746032 = 0.048139475
        //   b: text rank 2, image rank 1: 1/62 + 2/61 = 0.016129032 + 0.032786885 = 0.048915917
        //   c: text rank 3, absent:        1/63 + 0    = 0.015873016
        //   d: absent, image rank 2:       0 + 2/62    = 0.032258065
        // order: b, a, d, c
        List<FusedRank> fused = fuse(FusionMethod.RECIPROCAL_RANK, 0, 0, RRF_EXAMPLE);
        assertEquals(List.of("b", "a", "d", "c"), ids(fused));
        assertEquals(0.048915917, fused.get(0).score(), 1e-9);
        assertEquals(0.048139475, fused.get(1).score(), 1e-9);
        assertEquals(0.032258065, fused.get(2).score(), 1e-9);
        assertEquals(0.015873016, fused.get(3).score(), 1e-9);
        FusedRank a = fused.get(1);
        assertEquals(new FusedRank.Part("text", 1.0 / 61, 1, 0.9f), a.parts().get(0));
        assertEquals(new FusedRank.Part("image", 2.0 / 63, 3, 0.4f), a.parts().get(1));
        FusedRank c = fused.get(3);
        assertEquals(new FusedRank.Part("image", 0, 0, 0), c.parts().get(1));
    }

    @Test
    void rrfKIsTunableAndTopKCuts() {
        // k = 1: a = 1/2 + 2/4 = 1.0, b = 1/3 + 2/2 = 1.3333, d = 2/3 = 0.6667, c = 1/4 = 0.25
        List<FusedRank> fused = fuse(FusionMethod.RECIPROCAL_RANK, 1, 2, RRF_EXAMPLE);
        assertEquals(List.of("b", "a"), ids(fused));
        assertEquals(4.0 / 3, fused.get(0).score(), 1e-12);
        assertEquals(1.0, fused.get(1).score(), 1e-12);
    }

    @Test
    void tiesGoToTheBetterRankThenTheId() {
        // k = 1. x (w 1): b1 rank 1 -> 1/2 = 0.5. y (w 1.5): z rank 1 -> 1.5/2 = 0.75, a2 rank 2 -> 1.5/3 = 0.5.
        // b1 and a2 tie at 0.5: b1's best rank is 1, a2's 2, so b1 first although "a2" < "b1".
        assertEquals(
                List.of("z", "b1", "a2"),
                ids(fuse(FusionMethod.RECIPROCAL_RANK, 1, 0, list("x", 1, "b1", 0), list("y", 1.5f, "z", 0, "a2", 0))));
        // p and q: 1/61 + 1/62 both, best rank 1 both: id decides.
        assertEquals(
                List.of("p", "q"),
                ids(fuse(
                        FusionMethod.RECIPROCAL_RANK,
                        0,
                        0,
                        list("x", 1, "q", 0, "p", 0),
                        list("y", 1, "p", 0, "q", 0))));
    }

    @Test
    void minMax() {
        // s: x 3, y 2, z 1 -> 1, 0.5, 0. t (w 2): y 10, x 6 -> 1, 0.
        // x = 1 + 2*0 = 1; y = 0.5 + 2*1 = 2.5; z = 0
        List<FusedRank> fused =
                fuse(FusionMethod.MIN_MAX, 0, 0, list("s", 1, "x", 3, "y", 2, "z", 1), list("t", 2, "y", 10, "x", 6));
        assertEquals(List.of("y", "x", "z"), ids(fused));
        assertEquals(2.5, fused.get(0).score(), 1e-12);
        assertEquals(1.0, fused.get(1).score(), 1e-12);
        assertEquals(0.0, fused.get(2).score(), 1e-12);
        assertEquals(new FusedRank.Part("t", 2.0, 1, 10), fused.get(0).parts().get(1));
    }

    @Test
    void minMaxOfEqualScoresGivesOne() {
        List<FusedRank> fused =
                fuse(FusionMethod.MIN_MAX, 0, 0, list("s", 1, "x", 0.3, "y", 0.3), list("t", 1, "z", 7));
        for (FusedRank r : fused) {
            assertEquals(1.0, r.score(), 1e-12);
        }
        // equal scores: the rank decides (x and z rank 1, then id), y (rank 2) last
        assertEquals(List.of("x", "z", "y"), ids(fused));
    }

    @Test
    void zScore() {
        // s: x 3, y 2, z 1: mean 2, variance (1 + 0 + 1) / 3 = 2/3, deviation sqrt(2/3) = 0.816497
        //    -> x +1.224745, y 0, z -1.224745
        // t: y 10, x 6: mean 8, variance (4 + 4) / 2 = 4, deviation 2 -> y +1, x -1
        // x = 1.224745 - 1 = 0.224745; y = 0 + 1 = 1; z = -1.224745 + 0 (absent from t)
        List<FusedRank> fused =
                fuse(FusionMethod.Z_SCORE, 0, 0, list("s", 1, "x", 3, "y", 2, "z", 1), list("t", 1, "y", 10, "x", 6));
        assertEquals(List.of("y", "x", "z"), ids(fused));
        double z = Math.sqrt(1.5);
        assertEquals(1.0, fused.get(0).score(), 1e-9);
        assertEquals(z - 1, fused.get(1).score(), 1e-9);
        assertEquals(-z, fused.get(2).score(), 1e-9);
        assertEquals(new FusedRank.Part("t", 0, 0, 0), fused.get(2).parts().get(1));
    }

    @Test
    void zScoreOfEqualScoresGivesZero() {
        // 0.1f three times: a computed mean need not equal 0.1f exactly; the parts must still be 0, not noise / noise
        List<FusedRank> fused = fuse(FusionMethod.Z_SCORE, 0, 0, list("s", 1, "a", 0.1, "b", 0.1, "c", 0.1));
        assertEquals(List.of("a", "b", "c"), ids(fused));
        for (FusedRank r : fused) {
            assertEquals(0.0, r.score());
        }
    }

    @Test
    void emptyNamesBecomeTheirPositionAndEmptyListsAddNothing() {
        List<FusedRank> fused = fuse(FusionMethod.RECIPROCAL_RANK, 0, 0, list("", 1, "a", 1), list("", 1));
        assertEquals("lists[0]", fused.get(0).parts().get(0).source());
        assertEquals(
                new FusedRank.Part("lists[1]", 0, 0, 0), fused.get(0).parts().get(1));
    }

    @Test
    void refusals() {
        ServiceException dup = refused(FusionMethod.RECIPROCAL_RANK, 0, list("s", 1, "a", 1, "b", 1, "a", 0));
        assertEquals("DUPLICATE_ID", dup.reasonCode());
        assertEquals("lists[0].items[2].id", dup.requestField().orElseThrow());
        assertEquals("0", dup.metadata().get("first_index"));
        assertEquals(
                "lists", refused(FusionMethod.RECIPROCAL_RANK, 0).requestField().orElseThrow());
        assertEquals(
                "lists[1].name",
                refused(FusionMethod.RECIPROCAL_RANK, 0, list("s", 1), list("s", 1))
                        .requestField()
                        .orElseThrow());
        assertEquals(
                "lists[0].weight",
                refused(FusionMethod.MIN_MAX, 0, list("s", -1, "a", 1))
                        .requestField()
                        .orElseThrow());
        assertEquals(
                "lists[0].items[0].id",
                refused(FusionMethod.MIN_MAX, 0, list("s", 1, "", 1))
                        .requestField()
                        .orElseThrow());
        assertEquals(
                "lists[0].items[1].score",
                refused(FusionMethod.Z_SCORE, 0, list("s", 1, "a", 1, "b", Float.POSITIVE_INFINITY))
                        .requestField()
                        .orElseThrow());
        assertEquals(
                "rrf_k",
                refused(FusionMethod.RECIPROCAL_RANK, -1, list("s", 1, "a", 1))
                        .requestField()
                        .orElseThrow());
        ServiceException many = assertThrows(
                ServiceException.class,
                () -> ScoreFusion.fuse(
                        List.of(list("s", 1, "a", 1, "b", 2)), FusionMethod.RECIPROCAL_RANK, 0, 0, 16, 1));
        assertEquals("TOO_MANY_ITEMS", many.reasonCode());
        assertEquals("lists[0].items", many.requestField().orElseThrow());
    }
}

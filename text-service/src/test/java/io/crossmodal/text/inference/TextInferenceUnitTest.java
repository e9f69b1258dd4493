package io.crossmodal.text.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Router, pooling and truncation: the text path's pure functions. */
class TextInferenceUnitTest {

    private final LanguageRouter router = new LanguageRouter(0.3);

    @Test
    void routerSendsChineseToChineseAndEverythingElseToEnglish() {
        assertEquals("zh", router.detect("今天天气很好。"));
        assertEquals("zh", router.detect("我在用 Crossmodal 做跨模态检索"));
        assertEquals("en", router.detect("A man is eating food."));
        assertEquals("en", router.detect("Crossmodal supports 中文 too, among many other languages and scripts"));
        assertEquals("en", router.detect("12345 !!!"));
        assertEquals("en", router.detect("Привет, мир"));
        assertThrows(IllegalArgumentException.class, () -> new LanguageRouter(0));
    }

    @Test
    void meanPoolingIgnoresPaddingAndClsTakesTheFirstToken() {
        // batch 2, padded length 3, hidden 2; item 1 has 2 real tokens, its third row is padding (99s).
        float[] states = {
            1, 2, 3, 4, 5, 6,
            10, 20, 30, 40, 99, 99
        };
        assertArrayEquals(new float[] {3, 4}, Pooling.MEAN.pool(states, 0, 3, 2, 3));
        assertArrayEquals(new float[] {20, 30}, Pooling.MEAN.pool(states, 1, 3, 2, 2));
        assertArrayEquals(new float[] {10, 20}, Pooling.CLS.pool(states, 1, 3, 2, 2));
        assertEquals(Pooling.CLS, Pooling.parse(" CLS "));
        assertThrows(IllegalArgumentException.class, () -> Pooling.parse("max"));
    }

    @Test
    void l2NormalizeGivesUnitNormAndLeavesZeroAlone() {
        float[] v = Pooling.l2Normalize(new float[] {3, 4});
        assertArrayEquals(new float[] {0.6f, 0.8f}, v, 1e-6f);
        assertArrayEquals(new float[] {0, 0}, Pooling.l2Normalize(new float[] {0, 0}));
    }

    @Test
    void truncationKeepsTheFinalSpecialToken() {
        long[] ids = {101, 1, 2, 3, 4, 5, 102};
        long[] types = new long[7];
        TokenizedText cut = TextModel.truncate(ids, types, 4, true);
        assertArrayEquals(new long[] {101, 1, 2, 102}, cut.ids());
        assertTrue(cut.truncated());
        assertEquals(7, cut.untruncatedLength());
        TokenizedText whole = TextModel.truncate(ids, types, 4, false);
        assertEquals(7, whole.length());
        assertFalse(TextModel.truncate(ids, types, 10, true).truncated());
    }

    @Test
    void utf8LengthCountsLikeTheEncoder() {
        for (String s : new String[] {"", "abc", "é", "今天", "😀 emoji", "mixed 中文 é 😀"}) {
            assertEquals(s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length, TextEmbedder.utf8Length(s), s);
        }
    }
}

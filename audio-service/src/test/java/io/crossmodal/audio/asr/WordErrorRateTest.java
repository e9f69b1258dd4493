package io.crossmodal.audio.asr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class WordErrorRateTest {

    @Test
    void normalisesCaseAndPunctuation() {
        assertEquals(
                List.of("can", "you", "send", "me", "the", "report", "before", "lunch"),
                WordErrorRate.words("Can you send me the report -- before LUNCH?"));
        assertEquals(
                List.of("let's", "go", "quoted", "e", "mail", "10"),
                WordErrorRate.words("Let\u2019s go, 'quoted' e-mail 10."));
        assertEquals(List.of(), WordErrorRate.words("  ... ''  "));
    }

    @Test
    void identicalTextHasNoErrors() {
        WordErrorRate.Result r = WordErrorRate.compute("The weather is nice.", "the weather is nice");
        assertEquals(new WordErrorRate.Result(4, 0, 0, 0), r);
        assertEquals(0.0, r.rate());
    }

    @Test
    void countsSubstitutionsDeletionsAndInsertions() {
        // buy milk and bread -> buy an elk and read: milk->an (S), +elk (I), bread->read (S)
        WordErrorRate.Result r =
                WordErrorRate.compute("we need to buy milk and bread", "we need to buy an elk and read");
        assertEquals(7, r.referenceWords());
        assertEquals(3, r.errors());
        assertEquals(2, r.substitutions());
        assertEquals(0, r.deletions());
        assertEquals(1, r.insertions());
        assertEquals(3.0 / 7, r.rate(), 1e-12);

        WordErrorRate.Result deleted = WordErrorRate.compute("send me the report", "send report");
        assertEquals(new WordErrorRate.Result(4, 0, 2, 0), deleted);

        WordErrorRate.Result inserted = WordErrorRate.compute("half an hour", "in half an hour now");
        assertEquals(new WordErrorRate.Result(3, 0, 0, 2), inserted);
        assertEquals(2.0 / 3, inserted.rate(), 1e-12);
    }

    @Test
    void errorsAreTheEditDistance() {
        assertEquals(3, WordErrorRate.compute("a b c", "x y z").errors());
        assertEquals(3, WordErrorRate.compute("a b c", "").errors());
        assertEquals(2, WordErrorRate.compute("", "a b").errors());
        assertEquals(2, WordErrorRate.compute("a b c d", "b c d e").errors());
        assertEquals(4, WordErrorRate.compute("a b", "c d e f").errors());
    }

    @Test
    void emptyReference() {
        assertEquals(0.0, WordErrorRate.compute("", "").rate());
        assertEquals(Double.POSITIVE_INFINITY, WordErrorRate.compute("", "uh").rate());
    }

    @Test
    void corpusRateSumsCounts() {
        WordErrorRate.Result total = WordErrorRate.Result.ZERO
                .plus(WordErrorRate.compute("one two three four", "one two three four"))
                .plus(WordErrorRate.compute("five six", "five"));
        assertEquals(new WordErrorRate.Result(6, 0, 1, 0), total);
        assertEquals(1.0 / 6, total.rate(), 1e-12); // not the mean of 0 and 0.5
    }
}

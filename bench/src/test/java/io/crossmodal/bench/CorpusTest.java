package io.crossmodal.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusTest {

    @Test
    void builtInCorpusIsDeterministicNonEmptyAndVaried() {
        List<String> a = Corpus.builtIn().texts();
        List<String> b = Corpus.builtIn().texts();
        assertEquals(a, b, "same seed, same texts, same order");
        assertEquals(Corpus.BUILT_IN_SIZE, a.size());
        assertEquals(a.size(), new HashSet<>(a).size(), "no duplicates");
        for (String s : a) {
            assertFalse(s.isBlank());
            assertTrue(s.endsWith(".") || s.endsWith("?"), s);
            assertTrue(Character.isUpperCase(s.charAt(0)), s);
        }
        double meanWords =
                a.stream().mapToInt(s -> s.split("\\s+").length).average().orElse(0);
        int shortest = a.stream().mapToInt(s -> s.split("\\s+").length).min().orElse(0);
        int longest = a.stream().mapToInt(s -> s.split("\\s+").length).max().orElse(0);
        assertTrue(meanWords >= 10 && meanWords <= 30, "mean words " + meanWords);
        assertTrue(shortest <= 4 && longest >= 30, "lengths " + shortest + ".." + longest);
        assertNotEquals(Corpus.generate(50, 1), Corpus.generate(50, 2));
    }

    @Test
    void nextCyclesThroughTheCorpus() throws Exception {
        Corpus c = Corpus.builtIn();
        String first = c.next();
        for (int i = 1; i < c.size(); i++) {
            c.next();
        }
        assertEquals(first, c.next());
    }

    @Test
    void readsOneTextPerNonBlankLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("texts.txt");
        Files.writeString(file, "first text\n\n  second text  \n");
        Corpus c = Corpus.fromFile(file);
        assertEquals(List.of("first text", "second text"), c.texts());
    }
}

package io.crossmodal.audio.asr;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Word error rate of a transcript against a reference: (substitutions + deletions + insertions) / reference words,
 * from a word-level Levenshtein alignment. Words are compared lower-cased, without punctuation ({@link #words}).
 */
public final class WordErrorRate {

    private WordErrorRate() {}

    /**
     * Edit counts of one or more aligned transcripts.
     *
     * @param referenceWords words in the reference(s)
     */
    public record Result(int referenceWords, int substitutions, int deletions, int insertions) {

        public static final Result ZERO = new Result(0, 0, 0, 0);

        public int errors() {
            return substitutions + deletions + insertions;
        }

        /**
         * Errors per reference word (may exceed 1 with many insertions); 0 for an empty reference and hypothesis,
         * infinity for an empty reference with insertions.
         */
        public double rate() {
            if (referenceWords == 0) {
                return errors() == 0 ? 0 : Double.POSITIVE_INFINITY;
            }
            return (double) errors() / referenceWords;
        }

        /** Counts of both, for a corpus-level rate (not the mean of per-sentence rates). */
        public Result plus(Result other) {
            return new Result(
                    referenceWords + other.referenceWords,
                    substitutions + other.substitutions,
                    deletions + other.deletions,
                    insertions + other.insertions);
        }
    }

    /**
     * The words of a text as compared: lower-cased; every character that is not a letter, a digit or an apostrophe
     * separates words; apostrophes are kept inside words ("don't") and dropped at their edges ('quoted').
     */
    public static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        String lower = text.toLowerCase(Locale.ROOT);
        for (int i = 0; i <= lower.length(); i++) {
            char c = i < lower.length() ? lower.charAt(i) : ' ';
            if (Character.isLetterOrDigit(c) || c == '\'' || c == '\u2019') {
                word.append(c == '\u2019' ? '\'' : c);
            } else if (!word.isEmpty()) {
                addTrimmed(words, word);
                word.setLength(0);
            }
        }
        return words;
    }

    private static void addTrimmed(List<String> words, StringBuilder word) {
        int start = 0;
        int end = word.length();
        while (start < end && word.charAt(start) == '\'') {
            start++;
        }
        while (end > start && word.charAt(end - 1) == '\'') {
            end--;
        }
        if (start < end) {
            words.add(word.substring(start, end));
        }
    }

    /** Aligns the words of {@code hypothesis} to those of {@code reference}. */
    public static Result compute(String reference, String hypothesis) {
        return compute(words(reference), words(hypothesis));
    }

    /**
     * Minimum-edit alignment of word lists (already normalised). The number of errors is the edit distance; where
     * alignments tie, the breakdown counts substitutions before deletions and insertions.
     */
    public static Result compute(List<String> reference, List<String> hypothesis) {
        int n = reference.size();
        int m = hypothesis.size();
        // cost[i][j] and the edit counts of a best alignment of reference[0, i) with hypothesis[0, j)
        int[][] cost = new int[n + 1][m + 1];
        int[][] subs = new int[n + 1][m + 1];
        int[][] dels = new int[n + 1][m + 1];
        int[][] ins = new int[n + 1][m + 1];
        for (int i = 1; i <= n; i++) {
            cost[i][0] = i;
            dels[i][0] = i;
        }
        for (int j = 1; j <= m; j++) {
            cost[0][j] = j;
            ins[0][j] = j;
        }
        for (int i = 1; i <= n; i++) {
            for (int j = 1; j <= m; j++) {
                boolean same = reference.get(i - 1).equals(hypothesis.get(j - 1));
                int diagonal = cost[i - 1][j - 1] + (same ? 0 : 1);
                int deletion = cost[i - 1][j] + 1;
                int insertion = cost[i][j - 1] + 1;
                int best = Math.min(diagonal, Math.min(deletion, insertion));
                cost[i][j] = best;
                // on ties the diagonal (match or substitution) wins, then deletion, then insertion
                if (diagonal == best) {
                    copy(subs, dels, ins, i, j, i - 1, j - 1, same ? 0 : 1, 0, 0);
                } else if (deletion == best) {
                    copy(subs, dels, ins, i, j, i - 1, j, 0, 1, 0);
                } else {
                    copy(subs, dels, ins, i, j, i, j - 1, 0, 0, 1);
                }
            }
        }
        return new Result(n, subs[n][m], dels[n][m], ins[n][m]);
    }

    private static void copy(
            int[][] subs, int[][] dels, int[][] ins, int i, int j, int fi, int fj, int s, int d, int in) {
        subs[i][j] = subs[fi][fj] + s;
        dels[i][j] = dels[fi][fj] + d;
        ins[i][j] = ins[fi][fj] + in;
    }
}

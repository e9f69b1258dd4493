package io.crossmodal.audio.asr;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What a recogniser heard in a clip or a stream.
 *
 * @param text the words joined by single spaces (a recogniser that gives no word list gives the text alone); empty
 *     when nothing was recognised
 * @param words the recognised words in order, without silences, sentence markers or noise fillers; empty when the
 *     recogniser gives no word list
 */
public record Transcript(String text, List<Word> words) {

    /** Nothing recognised. */
    public static final Transcript EMPTY = new Transcript("", List.of());

    public Transcript {
        Objects.requireNonNull(text, "text");
        words = List.copyOf(words);
    }

    /** A transcript whose text is its words joined by single spaces. */
    public static Transcript of(List<Word> words) {
        return new Transcript(words.stream().map(Word::text).collect(Collectors.joining(" ")), words);
    }

    public boolean isEmpty() {
        return text.isEmpty();
    }

    /**
     * The timed words whose middle lies in {@code [fromMillis, toMillis)}, as a transcript: how the words of a whole
     * clip are shared out among its speech segments. Untimed words are left out.
     */
    public Transcript slice(long fromMillis, long toMillis) {
        return of(words.stream()
                .filter(Word::timed)
                .filter(w -> {
                    long middle = (w.startMillis() + w.endMillis()) / 2;
                    return middle >= fromMillis && middle < toMillis;
                })
                .toList());
    }

    /**
     * This transcript with every timed word moved by {@code offsetMillis}: how a transcript of one speech segment,
     * recognised on its own, is placed in the clip.
     */
    public Transcript shifted(long offsetMillis) {
        if (offsetMillis == 0 || words.isEmpty()) {
            return this;
        }
        return new Transcript(
                text,
                words.stream()
                        .map(w -> w.timed()
                                ? new Word(
                                        w.text(),
                                        w.startMillis() + offsetMillis,
                                        w.endMillis() + offsetMillis,
                                        w.confidence())
                                : w)
                        .toList());
    }

    /**
     * One recognised word.
     *
     * @param text the word as the recogniser's dictionary spells it (alternate-pronunciation markers removed)
     * @param startMillis where the word starts, in milliseconds from the start of the audio, or {@link #NO_TIME}
     * @param endMillis where it ends (exclusive), or {@link #NO_TIME}
     * @param confidence posterior probability of the word in [0, 1]; 0 when the recogniser gives none
     */
    public record Word(String text, long startMillis, long endMillis, float confidence) {

        /** Start and end of a word the recogniser gave no timing for. */
        public static final long NO_TIME = -1;

        public Word {
            if (text == null || text.isBlank()) {
                throw new IllegalArgumentException("a word needs text");
            }
            if (!(confidence >= 0 && confidence <= 1)) {
                throw new IllegalArgumentException("confidence must be in [0, 1], was " + confidence);
            }
            boolean untimed = startMillis == NO_TIME && endMillis == NO_TIME;
            if (!untimed && (startMillis < 0 || endMillis < startMillis)) {
                throw new IllegalArgumentException("bad word timing [" + startMillis + ", " + endMillis + ")");
            }
        }

        /** A word without timing. */
        public static Word untimed(String text, float confidence) {
            return new Word(text, NO_TIME, NO_TIME, confidence);
        }

        /** Whether the recogniser gave this word's start and end. */
        public boolean timed() {
            return startMillis != NO_TIME;
        }
    }
}

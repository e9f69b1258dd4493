package io.crossmodal.audio.tts;

import io.crossmodal.audio.tts.SynthesisException.Reason;
import java.text.Normalizer;
import java.util.Map;

/**
 * What happens to a client's text before a program sees it. The text is only ever data on a program's standard
 * input, so nothing here is needed to stop command injection; it stops control characters and invisible
 * formatting from reaching the programs, and gives Festival's English front end only what it can read.
 */
final class SynthesisText {

    private static final Map<Integer, String> ASCII_FOLD = Map.ofEntries(
            Map.entry(0x2018, "'"),
            Map.entry(0x2019, "'"),
            Map.entry(0x201A, "'"),
            Map.entry(0x201B, "'"),
            Map.entry(0x2032, "'"),
            Map.entry(0x201C, "\""),
            Map.entry(0x201D, "\""),
            Map.entry(0x201E, "\""),
            Map.entry(0x201F, "\""),
            Map.entry(0x2033, "\""),
            Map.entry(0x00AB, "\""),
            Map.entry(0x00BB, "\""),
            Map.entry(0x2010, "-"),
            Map.entry(0x2011, "-"),
            Map.entry(0x2012, "-"),
            Map.entry(0x2013, "-"),
            Map.entry(0x2014, " - "),
            Map.entry(0x2015, " - "),
            Map.entry(0x2212, "-"),
            Map.entry(0x2026, "..."),
            Map.entry(0x00DF, "ss"),
            Map.entry(0x00E6, "ae"),
            Map.entry(0x00C6, "AE"),
            Map.entry(0x0153, "oe"),
            Map.entry(0x0152, "OE"),
            Map.entry(0x00F8, "o"),
            Map.entry(0x00D8, "O"),
            Map.entry(0x0142, "l"),
            Map.entry(0x0141, "L"),
            Map.entry(0x0111, "d"),
            Map.entry(0x0110, "D"),
            Map.entry(0x00FE, "th"),
            Map.entry(0x00DE, "Th"),
            Map.entry(0x00F0, "d"),
            Map.entry(0x00D0, "D"),
            Map.entry(0x20AC, " euros "),
            Map.entry(0x00A3, " pounds "),
            Map.entry(0x00A5, " yen "),
            Map.entry(0x00B0, " degrees "));

    private SynthesisText() {}

    /**
     * The first check of every synthesis: the length in characters (code points) of the text as sent. Null counts as
     * empty ({@link Reason#EMPTY_TEXT}).
     */
    static void checkLength(String text, int maxChars) throws SynthesisException {
        if (text == null || text.isEmpty()) {
            throw new SynthesisException(Reason.EMPTY_TEXT, "the text is empty: nothing to speak");
        }
        // A UTF-16 string of more than 2 x max chars has more than max code points: no need to count them.
        if (text.length() > 2L * maxChars) {
            throw tooLong(text.length() > Integer.MAX_VALUE / 2 ? -1 : text.codePointCount(0, text.length()), maxChars);
        }
        int chars = text.codePointCount(0, text.length());
        if (chars > maxChars) {
            throw tooLong(chars, maxChars);
        }
    }

    private static SynthesisException tooLong(int chars, int maxChars) {
        return new SynthesisException(
                Reason.TEXT_TOO_LONG,
                "the text has " + (chars < 0 ? "too many" : chars) + " characters; at most " + maxChars
                        + " are spoken per request");
    }

    /**
     * Removes what no synthesizer should see: control characters (C0, C1, DEL) apart from line breaks and tabs,
     * invisible format characters (bidi overrides, zero-width spaces, BOM; ZWJ and ZWNJ are kept), lone
     * surrogates, private-use and unassigned code points. Line breaks become {@code \n} (CR LF, CR, U+2028, U+2029),
     * tabs and other spaces a plain space. NFC-normalised, stripped.
     */
    static String clean(String text) {
        String nfc = Normalizer.normalize(text, Normalizer.Form.NFC);
        StringBuilder out = new StringBuilder(nfc.length());
        int n = nfc.length();
        for (int i = 0; i < n; ) {
            int cp = nfc.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '\r') {
                if (i < n && nfc.charAt(i) == '\n') {
                    i++;
                }
                out.append('\n');
                continue;
            }
            if (cp == '\n' || cp == 0x2028 || cp == 0x2029 || cp == 0x85) {
                out.append('\n');
                continue;
            }
            if (cp == '\t' || cp == 0x0B || cp == 0x0C || Character.getType(cp) == Character.SPACE_SEPARATOR) {
                out.append(' ');
                continue;
            }
            if (cp == 0x200C || cp == 0x200D) {
                out.appendCodePoint(cp);
                continue;
            }
            switch (Character.getType(cp)) {
                case Character.CONTROL,
                        Character.FORMAT,
                        Character.SURROGATE,
                        Character.PRIVATE_USE,
                        Character.UNASSIGNED -> {
                    // dropped
                }
                default -> out.appendCodePoint(cp);
            }
        }
        return out.toString().strip();
    }

    /**
     * For Festival's English voices, which read bytes as Latin text: typographic punctuation to ASCII, accents
     * removed (é to e), a few letters spelled out (ß to ss), every other non-ASCII character (CJK, emoji, …)
     * replaced by a space. Expects {@link #clean} output; the result is pure ASCII.
     */
    static String toAscii(String cleaned) {
        StringBuilder mapped = new StringBuilder(cleaned.length());
        cleaned.codePoints().forEach(cp -> {
            String replacement = ASCII_FOLD.get(cp);
            if (replacement != null) {
                mapped.append(replacement);
            } else {
                mapped.appendCodePoint(cp);
            }
        });
        String decomposed = Normalizer.normalize(mapped, Normalizer.Form.NFKD);
        StringBuilder out = new StringBuilder(decomposed.length());
        decomposed.codePoints().forEach(cp -> {
            if (cp < 0x80) {
                out.append((char) cp);
            } else if (Character.getType(cp) != Character.NON_SPACING_MARK) {
                out.append(' ');
            }
        });
        // NFKD may have produced new control characters (it does not for any assigned code point, but be sure).
        return clean(out.toString());
    }

    /** True when there is at least one letter or digit: something a voice can say. */
    static boolean speakable(String text) {
        return text.codePoints().anyMatch(Character::isLetterOrDigit);
    }
}

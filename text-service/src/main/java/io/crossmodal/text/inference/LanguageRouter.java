package io.crossmodal.text.inference;

/**
 * Decides whether a text is written mainly in Chinese, by script: the share of Han characters among its letters.
 * Script is what matters for choosing between an English and a Chinese tokenizer, and counting it is exact and
 * free, unlike statistical language identification.
 */
public final class LanguageRouter {

    public static final String CHINESE = "zh";
    public static final String ENGLISH = "en";

    private final double chineseShareThreshold;

    public LanguageRouter(double chineseShareThreshold) {
        if (!(chineseShareThreshold > 0 && chineseShareThreshold <= 1)) {
            throw new IllegalArgumentException("chinese share threshold must be in (0, 1]");
        }
        this.chineseShareThreshold = chineseShareThreshold;
    }

    /** "zh" when Han characters make up at least the threshold share of the letters, else "en". */
    public String detect(String text) {
        int han = 0;
        int letters = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN) {
                han++;
                letters++;
            } else if (Character.isLetter(cp)) {
                letters++;
            }
        }
        // Han characters carry about a word each, Latin letters a fifth of one: weigh Latin letters down so a
        // Chinese sentence with an English brand name in it still counts as Chinese.
        double weightedLetters = han + (letters - han) / 5.0;
        return han > 0 && han / weightedLetters >= chineseShareThreshold ? CHINESE : ENGLISH;
    }
}

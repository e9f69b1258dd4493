package io.crossmodal.audio.tts;

import io.crossmodal.audio.tts.SynthesisException.Reason;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** BCP-47 tags as the synthesizers compare them: lower case, {@code -} separated. */
final class LanguageTags {

    /** The language of a request that names neither language nor voice. */
    static final String DEFAULT = "en";

    private static final Pattern TAG = Pattern.compile("[a-z]{2,8}(-[a-z0-9]{1,8})*");
    /** Chinese languages espeak-ng has voices for; {@code zh} is their macrolanguage. */
    private static final Set<String> CHINESE = Set.of("zh", "cmn", "yue", "hak", "nan", "wuu", "hsn", "gan");

    private LanguageTags() {}

    /**
     * Lower case, {@code _} to {@code -}, trimmed; empty for null or blank. A tag that is not shaped like BCP-47
     * (letters, digits and hyphens, a 2-8 letter primary subtag, at most 64 characters) is refused.
     */
    static String normalize(String language) throws SynthesisException {
        if (language == null || language.isBlank()) {
            return "";
        }
        String tag = language.strip().replace('_', '-').toLowerCase(Locale.ROOT);
        if (tag.length() > 64 || !TAG.matcher(tag).matches()) {
            throw new SynthesisException(
                    Reason.UNSUPPORTED_LANGUAGE,
                    "'" + printable(language) + "' is not a BCP-47 language tag (e.g. en, en-US, zh, zh-CN, de)");
        }
        return tag;
    }

    /** The primary language subtag: {@code en} of {@code en-us}. */
    static String primary(String tag) {
        int dash = tag.indexOf('-');
        return dash < 0 ? tag : tag.substring(0, dash);
    }

    /** Same language for the purpose of checking a voice against a request: same primary subtag, or both Chinese. */
    static boolean sameLanguage(String a, String b) {
        String pa = primary(a);
        String pb = primary(b);
        return pa.equals(pb) || (CHINESE.contains(pa) && CHINESE.contains(pb));
    }

    /** The tag, or the first 40 characters of it, with control characters replaced; for messages. */
    static String printable(String s) {
        String cut = s.length() > 40 ? s.substring(0, 40) + "…" : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}

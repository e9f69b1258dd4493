package io.crossmodal.audio.tts;

import io.crossmodal.audio.MonoAudio;
import io.crossmodal.audio.tts.SynthesisException.Reason;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Speech in about a hundred languages with espeak-ng (Debian package {@code espeak-ng}); Mandarin with the
 * {@code cmn} voice. Voices are read once, at construction, from {@code espeak-ng --voices}; a voice's name is its
 * language code there ({@code cmn}, {@code yue}, {@code en-us}, {@code de}, …).
 *
 * <p>BCP-47 tags are mapped to a voice by: a few aliases ({@code zh}, {@code zh-CN}, {@code zh-TW},
 * {@code zh-Hans} to {@code cmn}; {@code zh-HK}, {@code zh-yue} to {@code yue}; {@code en} to {@code en-us};
 * {@code iw} to {@code he}; {@code no} to {@code nb}, …), then the voice whose code is the tag, then the best voice
 * listing the tag among its other languages (lowest priority number), each time dropping the last subtag until
 * something matches ({@code de-DE} to {@code de}, {@code cmn-Hans-CN} to {@code cmn}).
 *
 * <p>Run as {@code espeak-ng -b 1 -v VOICE --stdin --stdout}: UTF-8 text on standard input, read to its end (no
 * SSML: {@code <} is text), the WAV on standard output, 16-bit mono 22.05 kHz.
 */
public final class EspeakSynthesizer implements SpeechSynthesizer {

    public static final String NAME = "espeak-ng";
    public static final String DEFAULT_PROGRAM = "espeak-ng";

    private static final Duration LIST_TIMEOUT = Duration.ofSeconds(10);
    private static final long LIST_MAX_BYTES = 1024 * 1024;
    private static final Pattern LINE = Pattern.compile("^\\s*(\\d+)\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)\\s*(.*)$");
    private static final Pattern OTHER = Pattern.compile("\\((\\S+)\\s+(\\d+)\\)");
    private static final Pattern CODE = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("en", "en-us"),
            Map.entry("en-au", "en-gb"),
            Map.entry("en-nz", "en-gb"),
            Map.entry("en-ie", "en-gb"),
            Map.entry("en-za", "en-gb"),
            Map.entry("en-in", "en-gb"),
            Map.entry("en-uk", "en-gb"),
            Map.entry("zh", "cmn"),
            Map.entry("zh-cn", "cmn"),
            Map.entry("zh-sg", "cmn"),
            Map.entry("zh-tw", "cmn"),
            Map.entry("zh-hans", "cmn"),
            Map.entry("zh-hant", "cmn"),
            Map.entry("zh-cmn", "cmn"),
            Map.entry("zh-hk", "yue"),
            Map.entry("zh-mo", "yue"),
            Map.entry("zh-yue", "yue"),
            Map.entry("zh-hant-hk", "yue"),
            Map.entry("zh-hant-mo", "yue"),
            Map.entry("iw", "he"),
            Map.entry("in", "id"),
            Map.entry("no", "nb"),
            Map.entry("nn", "nb"));

    /** One line of {@code espeak-ng --voices}. */
    record Entry(String code, int priority, String description, Map<String, Integer> otherLanguages) {}

    private final SynthesisProcessRunner runner;
    private final Path program;
    private final Map<String, Entry> byCode;
    private final List<Voice> voices;
    private final String unavailable;

    /** {@code espeak-ng} from PATH. */
    public EspeakSynthesizer(SynthesisProcessRunner runner) {
        this(runner, DEFAULT_PROGRAM);
    }

    /**
     * Looks the program up and lists its voices ({@code espeak-ng --voices}, at most 10 s); when either fails the
     * synthesizer is not {@linkplain #isAvailable() available}, and says why.
     *
     * @param program a path, or a name looked up in PATH
     */
    public EspeakSynthesizer(SynthesisProcessRunner runner, String program) {
        this.runner = Objects.requireNonNull(runner, "runner");
        Optional<Path> resolved = SynthesisProcessRunner.resolveExecutable(program);
        Map<String, Entry> table = Map.of();
        String problem = null;
        if (resolved.isEmpty()) {
            problem = "espeak-ng is not installed: no executable '" + program + "' (searched "
                    + SynthesisProcessRunner.searchPath() + "); install the Debian package espeak-ng";
        } else {
            try {
                SynthesisProcessRunner.Result listing = runner.runTool(
                        NAME, List.of(resolved.get().toString(), "--voices"), LIST_MAX_BYTES, LIST_TIMEOUT);
                table = parseVoices(new String(listing.output(), StandardCharsets.UTF_8));
                if (table.isEmpty()) {
                    problem = "espeak-ng lists no voices (" + resolved.get() + " --voices)"
                            + SynthesisProcessRunner.describeStderr(listing.stderr());
                }
            } catch (SynthesisException e) {
                problem = "espeak-ng does not work: " + resolved.get() + " --voices failed: " + e.getMessage();
            }
        }
        this.program = resolved.orElse(null);
        this.unavailable = problem;
        this.byCode = problem == null ? table : Map.of();
        List<Voice> list = new ArrayList<>();
        for (Entry e : byCode.values()) {
            list.add(new Voice(e.code(), e.code(), NAME, e.description()));
        }
        this.voices = List.copyOf(list);
    }

    /**
     * Parses {@code espeak-ng --voices}: one voice per line after the header, the first line of a code wins.
     * Codes are lower-cased; lines whose code is not letters, digits and hyphens are skipped.
     */
    static Map<String, Entry> parseVoices(String listing) {
        Map<String, Entry> table = new LinkedHashMap<>();
        for (String line : listing.split("\n")) {
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            String code = m.group(2).toLowerCase(Locale.ROOT);
            if (!CODE.matcher(code).matches() || table.containsKey(code)) {
                continue;
            }
            Map<String, Integer> others = new LinkedHashMap<>();
            Matcher o = OTHER.matcher(m.group(6));
            while (o.find()) {
                others.putIfAbsent(o.group(1).toLowerCase(Locale.ROOT), Integer.parseInt(o.group(2)));
            }
            String description = m.group(4).replace('_', ' ');
            table.put(
                    code,
                    new Entry(code, Integer.parseInt(m.group(1)), description, Collections.unmodifiableMap(others)));
        }
        return Collections.unmodifiableMap(table);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> languages() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(byCode.keySet()));
    }

    @Override
    public List<Voice> voices() {
        return voices;
    }

    @Override
    public boolean supportsLanguage(String language) {
        try {
            String tag = LanguageTags.normalize(language);
            return !tag.isEmpty() && resolve(tag).isPresent();
        } catch (SynthesisException e) {
            return false;
        }
    }

    /** The voice code espeak-ng would speak a BCP-47 tag with, e.g. {@code zh-CN} to {@code cmn}. */
    public Optional<String> voiceFor(String language) {
        try {
            String tag = LanguageTags.normalize(language);
            return tag.isEmpty() ? Optional.empty() : resolve(tag);
        } catch (SynthesisException e) {
            return Optional.empty();
        }
    }

    private Optional<String> resolve(String tag) {
        for (String t = tag; !t.isEmpty(); t = dropLastSubtag(t)) {
            String alias = ALIASES.get(t);
            if (alias != null && byCode.containsKey(alias)) {
                return Optional.of(alias);
            }
            if (byCode.containsKey(t)) {
                return Optional.of(t);
            }
            String best = null;
            int bestPriority = Integer.MAX_VALUE;
            for (Entry e : byCode.values()) {
                Integer priority = e.otherLanguages().get(t);
                if (priority != null && priority < bestPriority) {
                    best = e.code();
                    bestPriority = priority;
                }
            }
            if (best != null) {
                return Optional.of(best);
            }
        }
        return Optional.empty();
    }

    private static String dropLastSubtag(String tag) {
        int dash = tag.lastIndexOf('-');
        return dash < 0 ? "" : tag.substring(0, dash);
    }

    @Override
    public boolean isAvailable() {
        return unavailable == null;
    }

    @Override
    public void checkAvailable() throws SynthesisException {
        if (unavailable != null) {
            throw new SynthesisException(Reason.NOT_INSTALLED, unavailable);
        }
    }

    @Override
    public Synthesis synthesize(String text, String language, String voice) throws SynthesisException {
        SynthesisText.checkLength(text, runner.limits().maxTextChars());
        String tag = LanguageTags.normalize(language);
        checkAvailable();
        String code;
        if (voice != null && !voice.isBlank()) {
            code = voice.strip().toLowerCase(Locale.ROOT);
            if (!byCode.containsKey(code)) {
                throw new SynthesisException(
                        Reason.UNKNOWN_VOICE,
                        "espeak-ng has no voice '"
                                + LanguageTags.printable(voice)
                                + "' (its voices are language codes such as cmn, en-us, de;"
                                + " see ListModels)");
            }
            if (!tag.isEmpty() && !speaks(code, tag)) {
                throw new SynthesisException(
                        Reason.UNSUPPORTED_LANGUAGE,
                        "voice " + code + " speaks " + code + ", not '" + LanguageTags.printable(language) + "'");
            }
        } else {
            String wanted = tag.isEmpty() ? LanguageTags.DEFAULT : tag;
            code = resolve(wanted)
                    .orElseThrow(() -> new SynthesisException(
                            Reason.UNSUPPORTED_LANGUAGE,
                            "no espeak-ng voice speaks '" + LanguageTags.printable(language) + "'"));
        }
        String cleaned = SynthesisText.clean(text);
        if (!SynthesisText.speakable(cleaned)) {
            throw new SynthesisException(
                    Reason.EMPTY_TEXT, "nothing to speak: no letter or digit left once control characters are removed");
        }
        byte[] input = (cleaned + "\n").getBytes(StandardCharsets.UTF_8);
        String voiceCode = code;
        SynthesisProcessRunner.Result result = runner.run(
                NAME,
                work -> List.of(program.toString(), "-b", "1", "-v", voiceCode, "--stdin", "--stdout"),
                input,
                SynthesisProcessRunner.Output.STDOUT);
        MonoAudio audio;
        try {
            audio = Wav16.read(result.output(), true);
        } catch (IllegalArgumentException e) {
            throw new SynthesisException(
                    Reason.FAILED,
                    "espeak-ng wrote no usable WAV (" + e.getMessage() + ")"
                            + SynthesisProcessRunner.describeStderr(result.stderr()),
                    e);
        }
        return new Synthesis(audio, code, NAME, result.elapsed());
    }

    private boolean speaks(String code, String tag) {
        if (LanguageTags.sameLanguage(code, tag)) {
            return true;
        }
        Optional<String> resolved = resolve(tag);
        return resolved.isPresent() && LanguageTags.sameLanguage(code, resolved.get());
    }
}

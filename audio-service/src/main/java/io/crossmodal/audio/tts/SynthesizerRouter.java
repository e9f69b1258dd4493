package io.crossmodal.audio.tts;

import io.crossmodal.audio.tts.SynthesisException.Reason;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The synthesizer the service uses: picks one of several by the request's voice or language and delegates.
 *
 * <ul>
 *   <li>A voice name picks its synthesizer explicitly (case-insensitive; unknown: {@link Reason#UNKNOWN_VOICE}).
 *       The language, when given, must then be one the voice speaks; when empty it is the voice's.</li>
 *   <li>Otherwise the language (empty: {@code en}) goes to the first available synthesizer, in the order given,
 *       that supports it. With the default order, Festival then espeak-ng: {@code en}, {@code en-US}, … to
 *       Festival; everything else ({@code zh}, {@code zh-CN}, {@code cmn}, {@code de}, …) to espeak-ng; English to
 *       espeak-ng when Festival is not installed.</li>
 *   <li>No synthesizer supports the language: {@link Reason#UNSUPPORTED_LANGUAGE}; none is installed at all:
 *       {@link Reason#NOT_INSTALLED}.</li>
 * </ul>
 * The text length is checked first, before the language or voice is looked at. Thread-safe.
 */
public final class SynthesizerRouter implements SpeechSynthesizer {

    public static final String NAME = "router";
    private static final int VOICES_IN_MESSAGE = 12;

    private final SynthesisProcessRunner runner;
    private final List<SpeechSynthesizer> synthesizers;

    /**
     * @param runner       the runner the synthesizers share (its text limit is checked first)
     * @param synthesizers in order of preference
     */
    public SynthesizerRouter(SynthesisProcessRunner runner, List<SpeechSynthesizer> synthesizers) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.synthesizers = List.copyOf(synthesizers);
    }

    /** Festival (when enabled) then espeak-ng (when enabled), sharing one runner. Never throws for missing programs. */
    public static SynthesizerRouter create(SynthesisSettings settings) {
        SynthesisProcessRunner runner = new SynthesisProcessRunner(settings.limits(), settings.tempDir());
        List<SpeechSynthesizer> list = new ArrayList<>();
        if (settings.festivalEnabled()) {
            list.add(new FestivalSynthesizer(
                    runner, settings.festivalProgram(), settings.festivalVoicesDir(), settings.festivalDefaultVoice()));
        }
        if (settings.espeakEnabled()) {
            list.add(new EspeakSynthesizer(runner, settings.espeakProgram()));
        }
        return new SynthesizerRouter(runner, list);
    }

    /** {@link #create} with {@link SynthesisSettings#defaults()}. */
    public static SynthesizerRouter createDefault() {
        return create(SynthesisSettings.defaults());
    }

    public SynthesisProcessRunner runner() {
        return runner;
    }

    public SynthesisLimits limits() {
        return runner.limits();
    }

    /** In order of preference, available or not. */
    public List<SpeechSynthesizer> synthesizers() {
        return synthesizers;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> languages() {
        Set<String> all = new LinkedHashSet<>();
        synthesizers.forEach(s -> all.addAll(s.languages()));
        return all;
    }

    @Override
    public List<Voice> voices() {
        List<Voice> all = new ArrayList<>();
        synthesizers.forEach(s -> all.addAll(s.voices()));
        return all;
    }

    @Override
    public boolean supportsLanguage(String language) {
        return synthesizers.stream().anyMatch(s -> s.isAvailable() && s.supportsLanguage(language));
    }

    /** True when at least one synthesizer is available. */
    @Override
    public boolean isAvailable() {
        return synthesizers.stream().anyMatch(SpeechSynthesizer::isAvailable);
    }

    /** Throws {@link Reason#NOT_INSTALLED} naming every missing program when none is available. */
    @Override
    public void checkAvailable() throws SynthesisException {
        if (isAvailable()) {
            return;
        }
        List<String> problems = new ArrayList<>();
        for (SpeechSynthesizer s : synthesizers) {
            try {
                s.checkAvailable();
            } catch (SynthesisException e) {
                problems.add(e.getMessage());
            }
        }
        throw new SynthesisException(
                Reason.NOT_INSTALLED,
                problems.isEmpty() ? "no speech synthesizer is configured" : String.join("; ", problems));
    }

    /** Why each unavailable synthesizer is unavailable (empty when all are), for startup logs and health checks. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        for (SpeechSynthesizer s : synthesizers) {
            try {
                s.checkAvailable();
            } catch (SynthesisException e) {
                problems.add(e.getMessage());
            }
        }
        return problems;
    }

    /**
     * The synthesizer a request goes to, without synthesizing anything.
     *
     * @throws SynthesisException {@link Reason#UNKNOWN_VOICE}, {@link Reason#UNSUPPORTED_LANGUAGE} or
     *                            {@link Reason#NOT_INSTALLED}
     */
    public SpeechSynthesizer select(String language, String voice) throws SynthesisException {
        String tag = LanguageTags.normalize(language);
        if (voice != null && !voice.isBlank()) {
            String wanted = voice.strip();
            for (SpeechSynthesizer s : synthesizers) {
                if (s.isAvailable()
                        && s.voices().stream().anyMatch(v -> v.name().equalsIgnoreCase(wanted))) {
                    return s;
                }
            }
            checkAvailable();
            List<String> names = voices().stream().map(Voice::name).collect(Collectors.toList());
            String known = names.size() <= VOICES_IN_MESSAGE
                    ? String.join(", ", names)
                    : String.join(", ", names.subList(0, VOICES_IN_MESSAGE)) + ", … (" + names.size()
                            + " in all; see ListModels)";
            throw new SynthesisException(
                    Reason.UNKNOWN_VOICE, "no voice '" + LanguageTags.printable(voice) + "'; voices: " + known);
        }
        String wanted = tag.isEmpty() ? LanguageTags.DEFAULT : tag;
        for (SpeechSynthesizer s : synthesizers) {
            if (s.isAvailable() && s.supportsLanguage(wanted)) {
                return s;
            }
        }
        checkAvailable();
        List<String> missing = problems();
        throw new SynthesisException(
                Reason.UNSUPPORTED_LANGUAGE,
                "no installed voice speaks '"
                        + LanguageTags.printable(tag.isEmpty() ? wanted : language) + "'"
                        + (missing.isEmpty() ? "" : " (" + String.join("; ", missing) + ")"));
    }

    @Override
    public Synthesis synthesize(String text, String language, String voice) throws SynthesisException {
        SynthesisText.checkLength(text, runner.limits().maxTextChars());
        SpeechSynthesizer chosen = select(language, voice);
        boolean named = voice != null && !voice.isBlank();
        String tag = LanguageTags.normalize(language);
        return chosen.synthesize(text, named || !tag.isEmpty() ? tag : LanguageTags.DEFAULT, voice);
    }
}

package io.crossmodal.audio.tts;

import io.crossmodal.audio.MonoAudio;
import io.crossmodal.audio.tts.SynthesisException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * English speech with Festival's {@code text2wave} (Debian packages {@code festival} and a voice such as
 * {@code festvox-us-slt-hts}). The voice is chosen with {@code -eval "(voice_NAME)"}, NAME being one of the voices
 * found on disk (never text from the request); the text goes to standard input in Festival's plain text mode, so
 * parentheses, quotes and {@code (quit)} in it are read as words and punctuation, never evaluated as Scheme. The text
 * is folded to ASCII first ({@link SynthesisText#toAscii}): accents dropped, CJK and emoji removed.
 *
 * <p>Voices are discovered without starting Festival: every {@code VOICES_DIR/GROUP/NAME/festvox/NAME.scm} with an
 * English GROUP ({@code english}, {@code us}, {@code british}, {@code uk}). Output: {@code text2wave -o} into the
 * run's private directory (text2wave cannot write a valid WAV to a pipe: it seeks back to fill in the header), size
 * watched while it grows; 16-bit mono at the voice's rate (32 kHz for {@code cmu_us_slt_arctic_hts}).
 */
public final class FestivalSynthesizer implements SpeechSynthesizer {

    public static final String NAME = "festival";
    public static final String DEFAULT_PROGRAM = "text2wave";
    public static final Path DEFAULT_VOICES_DIR = Path.of("/usr/share/festival/voices");
    public static final String DEFAULT_VOICE = "cmu_us_slt_arctic_hts";

    private static final Pattern VOICE_NAME = Pattern.compile("[a-z0-9_]{1,64}");
    private static final Map<String, String> ENGLISH_GROUPS =
            Map.of("english", "en", "us", "en-us", "british", "en-gb", "uk", "en-gb");

    private final SynthesisProcessRunner runner;
    private final Path program;
    private final List<Voice> voices;
    private final String unavailable;

    /** {@code text2wave} from PATH, voices under {@code /usr/share/festival/voices}, default cmu_us_slt_arctic_hts. */
    public FestivalSynthesizer(SynthesisProcessRunner runner) {
        this(runner, DEFAULT_PROGRAM, DEFAULT_VOICES_DIR, DEFAULT_VOICE);
    }

    /**
     * @param runner       runs the processes (shared limits and slots)
     * @param program      the text2wave script: a path, or a name looked up in PATH
     * @param voicesDir    Festival's voice directory
     * @param defaultVoice voice used when a request names none; when not installed, the first voice found is
     */
    public FestivalSynthesizer(SynthesisProcessRunner runner, String program, Path voicesDir, String defaultVoice) {
        this.runner = Objects.requireNonNull(runner, "runner");
        Objects.requireNonNull(voicesDir, "voicesDir");
        Optional<Path> resolved = SynthesisProcessRunner.resolveExecutable(program);
        List<Voice> found = resolved.isPresent() ? discoverVoices(voicesDir, defaultVoice) : List.of();
        String problem = null;
        if (resolved.isEmpty()) {
            problem = "Festival is not installed: no executable '" + program + "' (searched "
                    + SynthesisProcessRunner.searchPath() + "); install the Debian packages festival and "
                    + "festvox-us-slt-hts";
        } else {
            Optional<String> interpreter = missingInterpreter(resolved.get());
            if (interpreter.isPresent()) {
                problem = "Festival is not installed: " + resolved.get() + " needs " + interpreter.get()
                        + ", which is missing; install the Debian package festival";
            } else if (found.isEmpty()) {
                problem = "Festival has no English voice installed under " + voicesDir
                        + "; install the Debian package festvox-us-slt-hts";
            }
        }
        this.program = resolved.orElse(null);
        this.unavailable = problem;
        this.voices = problem == null ? found : List.of();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> languages() {
        return voices.isEmpty() ? Set.of() : Set.of("en");
    }

    @Override
    public List<Voice> voices() {
        return voices;
    }

    /** Any English tag ({@code en}, {@code en-US}, {@code en-GB}, …), when a voice is installed. */
    @Override
    public boolean supportsLanguage(String language) {
        try {
            String tag = LanguageTags.normalize(language);
            return isAvailable() && LanguageTags.primary(tag).equals("en");
        } catch (SynthesisException e) {
            return false;
        }
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
        if (!tag.isEmpty() && !LanguageTags.primary(tag).equals("en")) {
            throw new SynthesisException(
                    Reason.UNSUPPORTED_LANGUAGE,
                    "Festival speaks English only (en, en-US, en-GB, …), not '" + LanguageTags.printable(language)
                            + "'");
        }
        checkAvailable();
        Voice chosen = choose(voice);
        String ascii = SynthesisText.toAscii(SynthesisText.clean(text));
        if (!SynthesisText.speakable(ascii)) {
            throw new SynthesisException(
                    Reason.EMPTY_TEXT,
                    "nothing for an English voice to speak: no Latin letter"
                            + " or digit left once control characters and non-Latin characters are removed");
        }
        byte[] input = (ascii + "\n").getBytes(StandardCharsets.US_ASCII);
        String select = "(voice_" + chosen.name() + ")";
        SynthesisProcessRunner.Result result = runner.run(
                NAME,
                work -> List.of(
                        program.toString(),
                        "-eval",
                        select,
                        "-o",
                        work.resolve(SynthesisProcessRunner.OUTPUT_FILE).toString()),
                input,
                SynthesisProcessRunner.Output.FILE);
        // text2wave exits 0 even when Festival's interpreter reports an error.
        if (result.stderr().contains("SIOD ERROR")) {
            throw new SynthesisException(
                    Reason.FAILED,
                    "festival reported an error" + SynthesisProcessRunner.describeStderr(result.stderr()));
        }
        MonoAudio audio;
        try {
            audio = Wav16.read(result.output(), false);
        } catch (IllegalArgumentException e) {
            throw new SynthesisException(
                    Reason.FAILED,
                    "festival wrote no usable WAV (" + e.getMessage() + ")"
                            + SynthesisProcessRunner.describeStderr(result.stderr()),
                    e);
        }
        return new Synthesis(audio, chosen.name(), NAME, result.elapsed());
    }

    private Voice choose(String voice) throws SynthesisException {
        if (voice == null || voice.isBlank()) {
            return voices.get(0);
        }
        String wanted = voice.strip();
        for (Voice v : voices) {
            if (v.name().equalsIgnoreCase(wanted)) {
                return v;
            }
        }
        throw new SynthesisException(
                Reason.UNKNOWN_VOICE,
                "Festival has no voice '" + LanguageTags.printable(voice) + "'; installed: "
                        + voices.stream().map(Voice::name).collect(Collectors.joining(", ")));
    }

    /** English voices under {@code voicesDir}, the default first, then by name. */
    static List<Voice> discoverVoices(Path voicesDir, String defaultVoice) {
        List<Voice> found = new ArrayList<>();
        if (!Files.isDirectory(voicesDir)) {
            return found;
        }
        try (DirectoryStream<Path> groups = Files.newDirectoryStream(voicesDir, Files::isDirectory)) {
            for (Path group : groups) {
                String language = ENGLISH_GROUPS.get(group.getFileName().toString());
                if (language == null) {
                    continue;
                }
                try (DirectoryStream<Path> dirs = Files.newDirectoryStream(group, Files::isDirectory)) {
                    for (Path dir : dirs) {
                        String name = dir.getFileName().toString();
                        if (VOICE_NAME.matcher(name).matches()
                                && Files.isRegularFile(dir.resolve("festvox").resolve(name + ".scm"))) {
                            found.add(new Voice(
                                    name, language, NAME, "Festival " + group.getFileName() + " voice " + name));
                        }
                    }
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        found.sort(Comparator.comparing((Voice v) -> !v.name().equals(defaultVoice))
                .thenComparing(Voice::name));
        return List.copyOf(found);
    }

    /** The interpreter of a {@code #!} script when it is missing (text2wave is a Festival script). */
    private static Optional<String> missingInterpreter(Path script) {
        byte[] head;
        try (InputStream in = Files.newInputStream(script)) {
            head = in.readNBytes(256);
        } catch (IOException e) {
            return Optional.of("a readable " + script);
        }
        String first = new String(head, StandardCharsets.ISO_8859_1)
                .lines()
                .findFirst()
                .orElse("");
        if (!first.startsWith("#!")) {
            return Optional.empty();
        }
        String[] parts = first.substring(2).strip().split("\\s+");
        if (parts.length == 0 || parts[0].isEmpty()) {
            return Optional.empty();
        }
        Path interpreter = Path.of(parts[0]);
        return Files.isExecutable(interpreter) ? Optional.empty() : Optional.of(parts[0]);
    }
}

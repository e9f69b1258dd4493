package io.crossmodal.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.crossmodal.audio.v1.AudioInfo;
import io.crossmodal.audio.v1.DetectSpeechRequest;
import io.crossmodal.audio.v1.EmbedAudioRequest;
import io.crossmodal.audio.v1.StreamingTranscribeRequest;
import io.crossmodal.audio.v1.SynthesizeRequest;
import io.crossmodal.audio.v1.TranscribeRequest;
import io.crossmodal.common.v1.Media;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code crossmodal audio ...} against {@link FakeAudioService}, with WAV files written for the test. */
class AudioCommandTest {

    @TempDir
    static Path dir;

    /** 1500 ms at 16 kHz mono: 48044 bytes. */
    private static String report;
    /** 800 ms at 22.05 kHz stereo. */
    private static String stereo;

    private static String notes;

    private static FakeAudioService audio;

    @BeforeAll
    static void start() throws Exception {
        audio = new FakeAudioService();
        report = write("report.wav", FakeAudioService.wav(16000, 1, 1500));
        stereo = write("stereo.wav", FakeAudioService.wav(22050, 2, 800));
        notes = write("notes.txt", "not audio".getBytes(StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stop() throws Exception {
        audio.close();
    }

    private static String write(String name, byte[] data) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, data);
        return file.toString();
    }

    record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = CrossmodalCli.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    /** "audio SUB --target FAKE ARGS...". */
    private static Run audio(String subcommand, String... args) {
        String[] all = new String[args.length + 4];
        all[0] = "audio";
        all[1] = subcommand;
        all[2] = "--target";
        all[3] = audio.target();
        System.arraycopy(args, 0, all, 4, args.length);
        return run(all);
    }

    private static String lines(String... lines) {
        return String.join(System.lineSeparator(), lines) + System.lineSeparator();
    }

    private static byte[] bytes(String file) throws IOException {
        return Files.readAllBytes(Path.of(file));
    }

    /** The fake's transcript, as transcribe and stream-transcribe print it after the file's heading. */
    private static final String[] TRANSCRIPT = {
        "  text: can you send me the report",
        "  segment 200-1000 ms (speech 0.900): can you send me the report",
        "    can     200-320 ms  0.500",
        "    you     320-440 ms  0.600",
        "    send    440-560 ms  0.700",
        "    me      560-680 ms  0.800",
        "    the     680-800 ms  0.900",
        "    report  -"
    };

    private static String[] concat(String first, String[] rest, String... more) {
        String[] all = new String[1 + rest.length + more.length];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        System.arraycopy(more, 0, all, 1 + rest.length, more.length);
        return all;
    }

    @Test
    void transcribePrintsTextSegmentsAndWordTimingsPerFile() throws Exception {
        int before = audio.transcribes.size();
        Run r = audio("transcribe", "--language", "en", "--model", "fake-sphinx", "--deadline", "7s", report, stereo);
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        String[] first = concat(report + ": wav 16000 Hz mono 16-bit, 1500 ms, recogniser fake-sphinx", TRANSCRIPT);
        String[] second = concat(stereo + ": wav 22050 Hz stereo 16-bit, 800 ms, recogniser fake-sphinx", TRANSCRIPT);
        String[] both = new String[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        assertEquals(lines(both), r.out());

        List<TranscribeRequest> requests = audio.transcribes.subList(before, audio.transcribes.size());
        assertEquals(2, requests.size(), "one call per file");
        assertEquals("en", requests.get(0).getLanguage());
        assertEquals("fake-sphinx", requests.get(0).getModel());
        assertEquals("audio/wav", requests.get(0).getAudio().getMimeType());
        assertEquals(
                ByteString.copyFrom(bytes(report)), requests.get(0).getAudio().getData());
        assertEquals(
                ByteString.copyFrom(bytes(stereo)), requests.get(1).getAudio().getData());
        long left = audio.lastDeadline.get().timeRemaining(TimeUnit.MILLISECONDS);
        assertTrue(left > 4_000 && left <= 7_000, "deadline left " + left + " ms");
    }

    @Test
    void transcribeLeavesUnsetOptionsToTheService() {
        Run r = audio("transcribe", report);
        assertEquals(0, r.code(), r.err());
        TranscribeRequest request = audio.transcribes.get(audio.transcribes.size() - 1);
        assertEquals("", request.getLanguage());
        assertEquals("", request.getModel());
    }

    @Test
    void anRpcErrorExitsWithOneAndPrintsTheStatusAndItsDetails() {
        Run r = audio("transcribe", "--language", "fr", report);
        assertEquals(CrossmodalCli.EXIT_RPC_ERROR, r.code());
        assertEquals(
                lines(
                        report + ": error: INVALID_ARGUMENT: language: the recogniser fake-sphinx knows [en], not 'fr'",
                        "  field violation: language: language: the recogniser fake-sphinx knows [en], not 'fr'",
                        "  reason: UNSUPPORTED_LANGUAGE (crossmodal.io)"),
                r.err());
        assertEquals("", r.out());
    }

    @Test
    void aFailedFileIsReportedAndTheNextOneStillRuns() {
        Run r = audio("transcribe", notes, report);
        assertEquals(CrossmodalCli.EXIT_RPC_ERROR, r.code());
        assertTrue(r.err().startsWith(notes + ": error: INVALID_ARGUMENT: audio: not a WAV file"), r.err());
        assertTrue(r.err().contains("reason: CORRUPT (crossmodal.io)"), r.err());
        assertTrue(r.out().startsWith(report + ": wav 16000 Hz mono 16-bit, 1500 ms"), r.out());
        // an unknown extension is sent without a MIME type: the service sniffs it
        assertEquals(
                "",
                audio.transcribes.get(audio.transcribes.size() - 2).getAudio().getMimeType());
    }

    @Test
    void streamTranscribeSendsTheConfigThenTheFileInChunksAndPrintsPartialsThenTheResult() throws Exception {
        int before = audio.streams.size();
        Run r = audio("stream-transcribe", "--chunk-size", "10000", "--language", "en", report);
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        assertEquals(before + 1, audio.streams.size());
        List<StreamingTranscribeRequest> messages = audio.streams.get(before);

        assertEquals(StreamingTranscribeRequest.PartCase.CONFIG, messages.get(0).getPartCase());
        assertEquals("audio/wav", messages.get(0).getConfig().getMimeType());
        assertEquals("en", messages.get(0).getConfig().getLanguage());
        assertEquals("", messages.get(0).getConfig().getModel());
        byte[] file = bytes(report);
        List<StreamingTranscribeRequest> chunks = messages.subList(1, messages.size());
        assertEquals(5, chunks.size(), "ceil(48044 / 10000) chunks");
        ByteString sent = ByteString.EMPTY;
        for (StreamingTranscribeRequest c : chunks) {
            assertEquals(StreamingTranscribeRequest.PartCase.AUDIO, c.getPartCase());
            assertTrue(c.getAudio().size() <= 10000);
            sent = sent.concat(c.getAudio());
        }
        assertArrayEquals(file, sent.toByteArray());

        String[] expected = concat(
                "partial: can",
                new String[] {
                    "partial: can you",
                    "partial: can you send",
                    "partial: can you send me",
                    "partial: can you send me the",
                    report + ": wav 16000 Hz mono 16-bit, 1500 ms, recogniser fake-sphinx"
                },
                concat(
                        TRANSCRIPT[0],
                        java.util.Arrays.copyOfRange(TRANSCRIPT, 1, TRANSCRIPT.length),
                        "  streamed 48044 bytes in 5 chunks; 5 partial hypotheses"));
        assertEquals(lines(expected), r.out());
    }

    @Test
    void streamTranscribeSendsRawPcmAsL16AtTheGivenRate() throws Exception {
        String raw = write("speech.raw", new byte[6400]);
        int before = audio.streams.size();
        Run r = audio("stream-transcribe", "--rate", "8000", "--model", "fake-sphinx", raw);
        assertEquals(0, r.code(), r.err());
        List<StreamingTranscribeRequest> messages = audio.streams.get(before);
        assertEquals("audio/l16;rate=8000", messages.get(0).getConfig().getMimeType());
        assertEquals("fake-sphinx", messages.get(0).getConfig().getModel());
        assertEquals(1 + 2, messages.size(), "the config and 6400 / 3200 chunks of the default size");
        assertTrue(r.out().contains("streamed 6400 bytes in 2 chunks; 2 partial hypotheses"), r.out());

        Run typed = audio("stream-transcribe", "--mime-type", "audio/l16;rate=16000", notes);
        assertEquals(0, typed.code(), typed.err());
        assertEquals(
                "audio/l16;rate=16000",
                audio.streams.get(audio.streams.size() - 1).get(0).getConfig().getMimeType());
    }

    @Test
    void aStreamFailingMidwayPrintsThePartialsSoFarThenTheError() {
        Run r = audio("stream-transcribe", "--model", FakeAudioService.BUSY, "--chunk-size", "4096", report);
        assertEquals(CrossmodalCli.EXIT_RPC_ERROR, r.code());
        assertEquals(lines("partial: can"), r.out());
        assertEquals(
                lines(
                        "error: RESOURCE_EXHAUSTED: every recogniser decoder is busy",
                        "  retry after: 0.500s",
                        "  reason: RECOGNIZER_BUSY (crossmodal.io)"),
                r.err());
    }

    @Test
    void aStreamRefusedAtItsConfigEndsWithTheError() {
        Run r = audio("stream-transcribe", "--language", "de", "--chunk-size", "64", report);
        assertEquals(CrossmodalCli.EXIT_RPC_ERROR, r.code());
        assertTrue(
                r.err().startsWith("error: INVALID_ARGUMENT: config.language: the recogniser fake-sphinx knows"),
                r.err());
        assertTrue(r.err().contains("field violation: config.language: "), r.err());
        assertTrue(r.err().contains("reason: UNSUPPORTED_LANGUAGE (crossmodal.io)"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void detectSpeechPassesTheOptionsAndPrintsTheSegments() throws Exception {
        String brief = write("brief.wav", FakeAudioService.wav(16000, 1, 500));
        int before = audio.detects.size();
        Run r = audio(
                "detect-speech",
                "--threshold",
                "0.4",
                "--min-speech-ms",
                "200",
                "--min-silence-ms",
                "80",
                report,
                brief);
        assertEquals(0, r.code(), r.err());
        assertEquals(
                lines(
                        report + ": wav 16000 Hz mono 16-bit, 1500 ms",
                        "  200-450 ms (speech 0.910)",
                        "  600-950 ms (speech 0.877)",
                        brief + ": wav 16000 Hz mono 16-bit, 500 ms",
                        "  (no speech)"),
                r.out());
        DetectSpeechRequest request = audio.detects.get(before);
        assertEquals(0.4f, request.getThreshold());
        assertEquals(200, request.getMinSpeechMs());
        assertEquals(80, request.getMinSilenceMs());
        assertEquals(ByteString.copyFrom(bytes(report)), request.getAudio().getData());

        Run defaults = audio("detect-speech", report);
        assertEquals(0, defaults.code(), defaults.err());
        DetectSpeechRequest unset = audio.detects.get(audio.detects.size() - 1);
        assertEquals(0f, unset.getThreshold());
        assertEquals(0, unset.getMinSpeechMs());
        assertEquals(0, unset.getMinSilenceMs());
    }

    @Test
    void detectSpeechPrintsAnErrorWithItsDetails() {
        Run r = audio("detect-speech", "--threshold", "1.5", report);
        assertEquals(CrossmodalCli.EXIT_RPC_ERROR, r.code());
        assertTrue(
                r.err().startsWith(report + ": error: INVALID_ARGUMENT: threshold must be in [0, 1], got 1.5"),
                r.err());
        assertTrue(r.err().contains("field violation: threshold: "), r.err());
        assertTrue(r.err().contains("reason: INVALID_OPTION (crossmodal.io)"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void embedSendsAllFilesInOneCallAndPrintsVectorsSegmentsAndCosines() throws Exception {
        int before = audio.embeds.size();
        Run r = audio("embed", "--values", "3", report, stereo);
        assertEquals(0, r.code(), r.err());
        assertEquals(before + 1, audio.embeds.size(), "one EmbedAudio call");
        EmbedAudioRequest request = audio.embeds.get(before);
        assertTrue(request.getPerSegment(), "per-segment vectors by default");
        assertEquals("", request.getModel());
        assertEquals(
                List.of("audio/wav", "audio/wav"),
                request.getClipsList().stream().map(Media::getMimeType).toList());
        assertEquals(ByteString.copyFrom(bytes(stereo)), request.getClips(1).getData());
        assertEquals(
                lines(
                        "space " + FakeAudioService.SPACE + ", 6 dimensions, cosine, normalized",
                        report + ": wav 16000 Hz mono 16-bit, 1500 ms",
                        "  space:     " + FakeAudioService.SPACE + ", 6 dimensions",
                        "  clip:      [1.0000, 0.0000, 0.0000, ...] (6 values)",
                        "  segments:  2 vectors",
                        "    200-450 ms: [1.0000, 0.0000, 0.0000, ...] (6 values)",
                        "    600-950 ms: [0.6000, 0.8000, 0.0000, ...] (6 values)",
                        stereo + ": wav 22050 Hz stereo 16-bit, 800 ms",
                        "  space:     " + FakeAudioService.SPACE + ", 6 dimensions",
                        "  clip:      [0.6000, 0.8000, 0.0000, ...] (6 values)",
                        "  segments:  2 vectors",
                        "    200-450 ms: [1.0000, 0.0000, 0.0000, ...] (6 values)",
                        "    600-950 ms: [0.6000, 0.8000, 0.0000, ...] (6 values)",
                        "cosine(" + report + ", " + stereo + ") = 0.600"),
                r.out());
    }

    @Test
    void embedWithoutSegmentsAndAFailedClip() {
        Run r = audio("embed", "--no-per-segment", "--model", "fake-oww", "--values", "2", notes, report);
        assertEquals(CrossmodalCli.EXIT_RPC_ERROR, r.code());
        EmbedAudioRequest request = audio.embeds.get(audio.embeds.size() - 1);
        assertFalse(request.getPerSegment());
        assertEquals("fake-oww", request.getModel());
        assertEquals(
                lines(
                        notes + ": error: INVALID_ARGUMENT: clips[0]: not a WAV file",
                        "  field violation: clips[0]: clips[0]: not a WAV file",
                        "  reason: CORRUPT (crossmodal.io)"),
                r.err());
        // the other clip is still printed, without segment lines
        assertEquals(
                lines(
                        "space " + FakeAudioService.SPACE + ", 6 dimensions, cosine, normalized",
                        report + ": wav 16000 Hz mono 16-bit, 1500 ms",
                        "  space:     " + FakeAudioService.SPACE + ", 6 dimensions",
                        "  clip:      [1.0000, 0.0000, ...] (6 values)"),
                r.out());
    }

    @Test
    void synthesizeWritesTheWavAndPrintsItsDurationRateAndVoice() throws Exception {
        Path out = dir.resolve("hello.wav");
        int before = audio.syntheses.size();
        Run r = audio(
                "synthesize",
                "--language",
                "en",
                "--sample-rate",
                "16000",
                "--voice",
                "fake-slt",
                "--out",
                out.toString(),
                "can you send me the report");
        assertEquals(0, r.code(), r.err());
        SynthesizeRequest request = audio.syntheses.get(before);
        assertEquals("can you send me the report", request.getText());
        assertEquals("en", request.getLanguage());
        assertEquals("fake-slt", request.getVoice());
        assertEquals(16000, request.getSampleRateHz());
        assertArrayEquals(FakeAudioService.wav(16000, 1, 600), Files.readAllBytes(out));
        assertEquals(lines(out + ": 19244 bytes, wav 16000 Hz mono 16-bit, 600 ms, voice fake-slt"), r.out());
        assertEquals("", r.err());
    }

    @Test
    void synthesizeJoinsItsArgumentsAndLeavesUnsetOptionsToTheService() throws Exception {
        Path out = dir.resolve("zh.wav");
        Run r = audio("synthesize", "-l", "zh", "--sample-rate", "22050", "-o", out.toString(), "你好，欢迎使用跨模态检索");
        assertEquals(0, r.code(), r.err());
        assertEquals(lines(out + ": 4454 bytes, wav 22050 Hz mono 16-bit, 100 ms, voice fake-cmn"), r.out());

        Run plain = audio("synthesize", "--out", out.toString(), "good", "morning");
        assertEquals(0, plain.code(), plain.err());
        SynthesizeRequest request = audio.syntheses.get(audio.syntheses.size() - 1);
        assertEquals("good morning", request.getText());
        assertEquals("", request.getLanguage());
        assertEquals("", request.getVoice());
        assertEquals(0, request.getSampleRateHz());
        assertTrue(plain.out().contains("wav 16000 Hz mono 16-bit, 200 ms, voice fake-slt"), plain.out());
    }

    @Test
    void aRefusedSynthesisWritesNoFile() {
        Path out = dir.resolve("long.wav");
        Run r = audio("synthesize", "--out", out.toString(), "x".repeat(FakeAudioService.MAX_CHARS + 1));
        assertEquals(CrossmodalCli.EXIT_RPC_ERROR, r.code());
        assertEquals(
                lines(
                        "error: INVALID_ARGUMENT: text: 61 characters, more than the limit of 60",
                        "  field violation: text: text: 61 characters, more than the limit of 60",
                        "  reason: TEXT_TOO_LONG (crossmodal.io)"),
                r.err());
        assertFalse(Files.exists(out));
        assertEquals("", r.out());
    }

    @Test
    void modelsPrintsTheModelsTheirTasksSpacesAndTheLimits() {
        Run r = audio("models");
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().split("\\R");
        assertTrue(
                lines[0].matches("NAME\\s+VERSION\\s+ENGINE\\s+TASK\\s+STATE\\s+DEFAULT\\s+LANGUAGES\\s+DIM"
                        + "\\s+SPACE\\s+BATCH"),
                lines[0]);
        assertTrue(
                lines[1].matches("fake-oww\\s+0\\.1\\.1\\s+OnnxRuntime\\s+speech-embedding\\s+ready\\s+yes\\s+-"
                        + "\\s+6\\s+fake-oww@0\\.1\\.1#r1\\s+8/2ms, 16 seconds"),
                lines[1]);
        assertTrue(
                lines[2].matches("fake-sphinx\\s+5prealpha-en-us\\s+pocketsphinx \\(JNA\\)\\s+speech-recognition"
                        + "\\s+ready\\s+yes\\s+en\\s+-\\s+-\\s+-"),
                lines[2]);
        assertTrue(
                lines[3].matches("fake-espeak\\s+af\\s+external process\\s+speech-synthesis\\s+ready\\s+yes"
                        + "\\s+af,am,an,ar,\\.\\.\\. \\(7\\)\\s+-\\s+-\\s+-"),
                lines[3]);
        assertTrue(
                lines[4].matches("speech-synthesizer\\s+-\\s+-\\s+-\\s+failed \\(festival not installed\\)"
                        + "\\s+-\\s+-\\s+-\\s+-"),
                lines[4]);
        assertTrue(
                r.out()
                        .endsWith(lines(
                                "",
                                "Limits:",
                                "  max_audio_seconds = 600 seconds: Longest clip",
                                "  max_items_per_call = 16 items")),
                r.out());
        assertFalse(r.out().contains("fr-fr"), r.out());

        Run all = audio("models", "--languages");
        assertEquals(0, all.code(), all.err());
        assertTrue(
                all.out().contains(lines("", "Languages of fake-espeak (7):", "  af am an ar cmn de fr-fr")),
                all.out());
    }

    @Test
    void aMissingFileIsAUsageErrorAndNoCallIsMade() {
        String missing = dir.resolve("missing.wav").toString();
        int calls = audio.calls.get();
        for (String sub : List.of("transcribe", "stream-transcribe", "detect-speech", "embed")) {
            Run r = sub.equals("stream-transcribe") ? audio(sub, missing) : audio(sub, report, missing);
            assertEquals(2, r.code(), sub + ": " + r.err());
            assertTrue(r.err().contains("error: Audio file '" + missing + "': no such file"), r.err());
            assertTrue(r.err().contains("crossmodal audio " + sub + " --help"), r.err());
            assertEquals("", r.out());
        }
        Run directory = audio("transcribe", dir.toString());
        assertEquals(2, directory.code());
        assertTrue(directory.err().contains("it is a directory"), directory.err());
        assertEquals(calls, audio.calls.get(), "no call may be made");
    }

    @Test
    void badOptionValuesAreUsageErrors() throws Exception {
        int calls = audio.calls.get();
        assertEquals(2, audio("stream-transcribe", "--chunk-size", "0", report).code());
        assertEquals(2, audio("stream-transcribe", "--rate", "0", report).code());
        String flac = write("speech.flac", new byte[] {'f', 'L', 'a', 'C'});
        Run compressed = audio("stream-transcribe", flac);
        assertEquals(2, compressed.code());
        assertTrue(compressed.err().contains("the stream takes WAV or raw 16-bit PCM, not flac"), compressed.err());
        assertEquals(2, audio("detect-speech", "--min-speech-ms", "-1", report).code());
        assertEquals(2, audio("detect-speech", "--min-silence-ms", "-5", report).code());
        assertEquals(2, audio("embed", "--values", "-1", report).code());
        assertEquals(
                2,
                audio(
                                "synthesize",
                                "--sample-rate",
                                "-1",
                                "--out",
                                dir.resolve("x.wav").toString(),
                                "hi")
                        .code());
        Run noOut = audio("synthesize", "hello");
        assertEquals(2, noOut.code());
        assertTrue(noOut.err().contains("--out"), noOut.err());
        Run badDir = audio(
                "synthesize", "--out", dir.resolve("nowhere").resolve("x.wav").toString(), "hello");
        assertEquals(2, badDir.code());
        assertTrue(badDir.err().contains("no such directory"), badDir.err());
        Run toDir = audio("synthesize", "--out", dir.toString(), "hello");
        assertEquals(2, toDir.code());
        assertTrue(toDir.err().contains("it is a directory"), toDir.err());
        assertEquals(calls, audio.calls.get());
    }

    @Test
    void anUnreachableServiceIsUnavailable() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Run stream = run("audio", "stream-transcribe", "--target", "127.0.0.1:" + port, "--deadline", "5s", report);
        assertEquals(CrossmodalCli.EXIT_RPC_ERROR, stream.code());
        assertTrue(stream.err().startsWith("error: UNAVAILABLE"), stream.err());
        assertTrue(stream.err().contains("  cause: "), stream.err());

        Run transcribe = run("audio", "transcribe", "--target", "127.0.0.1:" + port, "--deadline", "5s", report);
        assertEquals(CrossmodalCli.EXIT_RPC_ERROR, transcribe.code());
        assertTrue(transcribe.err().startsWith(report + ": error: UNAVAILABLE"), transcribe.err());

        Run models = run("audio", "models", "--target", "127.0.0.1:" + port, "--deadline", "5s");
        assertEquals(CrossmodalCli.EXIT_RPC_ERROR, models.code());
        assertTrue(models.err().startsWith("error: UNAVAILABLE"), models.err());
    }

    @Test
    void helpListsTheSubcommandsAndTheAudioServiceAddress() {
        Run top = run("--help");
        assertTrue(top.out().contains("  audio "), top.out());

        Run help = run("audio", "--help");
        assertEquals(0, help.code());
        for (String sub :
                List.of("transcribe", "stream-transcribe", "detect-speech", "embed", "synthesize", "models")) {
            assertTrue(help.out().contains("  " + sub + " "), sub + " in " + help.out());
        }
        for (String sub :
                List.of("transcribe", "stream-transcribe", "detect-speech", "embed", "synthesize", "models")) {
            Run one = run("audio", sub, "--help");
            assertTrue(one.out().contains("Default: localhost:9093."), sub + ": " + one.out());
        }
        assertEquals(run("audio").out(), help.out(), "no subcommand: the usage");
    }

    @Test
    void mimeTypesFromTheExtension() {
        assertEquals("audio/wav", InputFile.Kind.AUDIO.mimeTypeOf("a/b/report.WAV"));
        assertEquals("audio/wav", InputFile.Kind.AUDIO.mimeTypeOf("report.wave"));
        assertEquals("audio/rf64", InputFile.Kind.AUDIO.mimeTypeOf("long.rf64"));
        assertEquals("audio/flac", InputFile.Kind.AUDIO.mimeTypeOf("x.flac"));
        assertEquals("audio/mpeg", InputFile.Kind.AUDIO.mimeTypeOf("x.mp3"));
        assertEquals("audio/ogg", InputFile.Kind.AUDIO.mimeTypeOf("x.ogg"));
        assertEquals("audio/ogg", InputFile.Kind.AUDIO.mimeTypeOf("x.oga"));
        assertEquals("", InputFile.Kind.AUDIO.mimeTypeOf("x"));
        assertEquals("", InputFile.Kind.AUDIO.mimeTypeOf("x.m4a"));
        assertEquals("", InputFile.Kind.AUDIO.mimeTypeOf("dir.wav/x"));
    }

    @Test
    void theWavHeaderGivesFormatRateChannelsAndBits() {
        AudioInfo info =
                AudioSynthesizeCommand.wavInfo(ByteString.copyFrom(FakeAudioService.wav(22050, 2, 100)), 100, 0);
        assertEquals(
                AudioInfo.newBuilder()
                        .setFormat("wav")
                        .setSampleRateHz(22050)
                        .setChannels(2)
                        .setBitsPerSample(16)
                        .setDurationMs(100)
                        .build(),
                info);
        // not a WAV: only what was asked for
        AudioInfo unknown = AudioSynthesizeCommand.wavInfo(ByteString.copyFromUtf8("no header"), 250, 8000);
        assertEquals("audio 8000 Hz, 250 ms", AudioFormat.audio(unknown));
    }
}

package io.crossmodal.audio.tasks;

import io.crossmodal.audio.MonoAudio;
import io.crossmodal.audio.asr.SpeechRecognizer;
import io.crossmodal.audio.decode.AudioDecodeException;
import io.crossmodal.audio.decode.DecodedAudio;
import io.crossmodal.audio.decode.Resampler;
import io.crossmodal.audio.decode.StreamingAudioDecoder;
import io.crossmodal.audio.decode.WavWriter;
import io.crossmodal.audio.embed.ClipEmbedding;
import io.crossmodal.audio.embed.SpeechEmbedder;
import io.crossmodal.audio.inference.AudioModels;
import io.crossmodal.audio.inference.ProgramMetrics;
import io.crossmodal.audio.transcribe.SegmentTranscript;
import io.crossmodal.audio.transcribe.StreamingTranscription;
import io.crossmodal.audio.transcribe.Transcriber;
import io.crossmodal.audio.tts.Synthesis;
import io.crossmodal.audio.tts.SynthesizerRouter;
import io.crossmodal.audio.vad.SileroVad;
import io.crossmodal.audio.vad.SpeechSegmenter;
import io.crossmodal.audio.vad.SpeechSpan;
import io.crossmodal.audio.vad.StreamingSpeechDetector;
import io.crossmodal.servicekit.call.RequestScope;
import io.crossmodal.servicekit.error.ServiceException;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * What each audio RPC asks of the domain, from encoded clips to results: checks model names, languages and the
 * request's limits, decodes the audio (limits from the header first), runs the models and programs, and times the
 * programs that are not behind a batcher ({@link ProgramMetrics#duration}). Failures are {@link ServiceException}s,
 * thrown at once (refused before any work) or completing the future; invalid audio names no field (the caller knows
 * whether it came from {@code audio} or {@code clips[3]}).
 *
 * <p>Nothing waits on a model's future: what follows inference is composed onto it. The blocking steps after the
 * voice-activity detector (the recogniser, the next clip's decode) run on the worker pool, never on the detector's
 * batcher thread, which other calls need.
 */
@ApplicationScoped
public class AudioTasks {

    /** Sample rates Synthesize renders, in Hz. */
    public static final int MIN_OUTPUT_RATE = 8_000;

    public static final int MAX_OUTPUT_RATE = 48_000;

    private final AudioModels models;
    private final MeterRegistry registry;

    public AudioTasks(AudioModels models, MeterRegistry registry) {
        this.models = models;
        this.registry = registry;
    }

    /** Encoded audio: its bytes (not copied) and the client's media type (empty = sniff). */
    public record Clip(ByteBuffer data, String mimeType) {}

    /** The speech segments of one clip. */
    public record SpeechFound(DecodedAudio audio, List<SpeechSpan> segments) {}

    /**
     * One clip's outcome in EmbedAudio: its embedding, or the clip's own failure (the decoder refused it, or it is
     * too short to embed).
     *
     * @param audio     the decoded clip; null when the decoder refused it
     * @param embedding null on failure
     * @param error     null on success
     */
    public record ClipEmbedded(DecodedAudio audio, ClipEmbedding embedding, ServiceException error) {}

    /** One result per clip of an EmbedAudio call, in order, all in {@code embedder}'s space. */
    public record Embedded(SpeechEmbedder embedder, List<ClipEmbedded> clips) {}

    /** A clip's transcript, aligned with its speech segments, by the recogniser named {@code model}. */
    public record Transcribed(DecodedAudio audio, List<SegmentTranscript> segments, String model) {}

    /** Spoken text as a 16-bit WAV file. */
    public record Synthesized(byte[] wav, long durationMillis, String voice) {}

    /**
     * Speech segments of a clip (Silero VAD over 512-sample windows, its state carried through the clip). Zero in
     * an option takes the model's default.
     *
     * @param threshold speech probability from which a window is speech, in (0, 1]
     */
    public CompletableFuture<SpeechFound> detectSpeech(
            Clip clip, float threshold, int minSpeechMs, int minSilenceMs, RequestScope scope) {
        SileroVad vad = models.vad();
        SpeechSegmenter.Config config = segmenting(vad, threshold, minSpeechMs, minSilenceMs);
        DecodedAudio audio = decode(clip);
        return vad.detectSpeech(audio.audio(), config, scope).thenApply(spans -> new SpeechFound(audio, spans));
    }

    private static SpeechSegmenter.Config segmenting(
            SileroVad vad, float threshold, int minSpeechMs, int minSilenceMs) {
        try {
            return vad.config(threshold, minSpeechMs, minSilenceMs);
        } catch (IllegalArgumentException e) {
            throw new ServiceException(
                    ServiceException.Kind.INVALID_INPUT,
                    "INVALID_OPTION",
                    e.getMessage(),
                    "threshold",
                    null,
                    Map.of(),
                    e);
        }
    }

    /**
     * Embeds each clip in the audio space (openWakeWord features pooled over the clip's speech; per segment on
     * request). Clips go one after the other, as a single caller's clips should not crowd the models' queues; a clip
     * the decoder refuses or too short to embed is its own result's failure, anything else fails the call.
     *
     * @param model the embedding model the caller asks for; empty for this service's
     */
    public CompletableFuture<Embedded> embed(List<Clip> clips, String model, boolean perSegment, RequestScope scope) {
        int max = models.config().maxClipsPerCall();
        if (clips.isEmpty()) {
            throw invalidClips("EMPTY", "at least one clip is required");
        }
        if (clips.size() > max) {
            throw invalidClips(
                    "TOO_MANY_ITEMS", clips.size() + " clips; at most " + max + " per call (max_items_per_call)");
        }
        SpeechEmbedder embedder = embedder(model);
        SileroVad vad = models.vad();
        List<ClipEmbedded> done = new ArrayList<>(clips.size());
        CompletableFuture<Void> chain =
                embedOne(clips.get(0), perSegment, vad, embedder, scope).thenAccept(done::add);
        for (Clip clip : clips.subList(1, clips.size())) {
            chain = chain.thenComposeAsync(ignored -> embedOne(clip, perSegment, vad, embedder, scope), blocking())
                    .thenAccept(done::add);
        }
        return chain.thenApply(ignored -> new Embedded(embedder, List.copyOf(done)));
    }

    private static ServiceException invalidClips(String reason, String message) {
        return new ServiceException(
                ServiceException.Kind.INVALID_INPUT, reason, message, "clips", null, Map.of(), null);
    }

    /** The READY embedder; NOT_FOUND when the caller names another. */
    private SpeechEmbedder embedder(String model) {
        SpeechEmbedder embedder = models.embedder();
        if (!model.isEmpty() && !model.equals(embedder.descriptor().name())) {
            throw new ServiceException(
                    ServiceException.Kind.NOT_FOUND,
                    "MODEL_NOT_FOUND",
                    "Unknown speech-embedding model '" + model + "'; this service runs "
                            + embedder.descriptor().name());
        }
        return embedder;
    }

    private CompletableFuture<ClipEmbedded> embedOne(
            Clip clip, boolean perSegment, SileroVad vad, SpeechEmbedder embedder, RequestScope scope) {
        DecodedAudio audio;
        try {
            audio = decode(clip);
        } catch (AudioDecodeException e) {
            if (!e.reason().clientError()) {
                throw e;
            }
            return CompletableFuture.completedFuture(new ClipEmbedded(null, null, e));
        }
        CompletableFuture<ClipEmbedding> embedding;
        try {
            embedding = vad.detectSpeech(audio.audio(), vad.defaultConfig(), scope)
                    .thenComposeAsync(speech -> embedder.embed(audio.audio(), speech, perSegment, scope), blocking());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(new ClipEmbedded(audio, null, tooShort(e)));
        }
        return embedding.handle((e, error) -> {
            if (error == null) {
                return new ClipEmbedded(audio, e, null);
            }
            Throwable cause =
                    error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof IllegalArgumentException bad) {
                return new ClipEmbedded(audio, null, tooShort(bad));
            }
            throw error instanceof CompletionException completion ? completion : new CompletionException(error);
        });
    }

    /** A clip too short for one embedding window: the clip's problem, not the call's. */
    private static ServiceException tooShort(IllegalArgumentException e) {
        return new ServiceException(
                ServiceException.Kind.INVALID_INPUT, "TOO_SHORT", e.getMessage(), null, null, Map.of(), e);
    }

    /**
     * The whole clip's transcript, aligned with its speech segments: the recogniser runs on each segment the
     * voice-activity detector finds.
     *
     * @param model    the recogniser the caller asks for; empty for this service's
     * @param language BCP-47; empty for English
     */
    public CompletableFuture<Transcribed> transcribe(Clip clip, String model, String language, RequestScope scope) {
        SpeechRecognizer recognizer = recognizer(model, language);
        SileroVad vad = models.vad();
        DecodedAudio audio = decode(clip);
        return vad.detectSpeech(audio.audio(), vad.defaultConfig(), scope)
                .thenApplyAsync(
                        spans -> new Transcribed(audio, recognize(recognizer, audio, spans), recognizer.name()),
                        blocking());
    }

    /** Blocks while PocketSphinx decodes: on the worker pool only. */
    private List<SegmentTranscript> recognize(
            SpeechRecognizer recognizer, DecodedAudio audio, List<SpeechSpan> segments) {
        return ProgramMetrics.duration(registry, ProgramMetrics.RECOGNITION, recognizer.name())
                .record(() -> Transcriber.recognizeAll(recognizer, audio.audio(), segments, audio.sampleRateHz()));
    }

    /**
     * The READY recogniser; NOT_FOUND when the caller names another, invalid input on {@code language} when it does
     * not recognise that language.
     */
    public SpeechRecognizer recognizer(String model, String language) {
        SpeechRecognizer recognizer = models.recognizer();
        if (!model.isEmpty() && !model.equals(recognizer.name())) {
            throw new ServiceException(
                    ServiceException.Kind.NOT_FOUND,
                    "MODEL_NOT_FOUND",
                    "Unknown recogniser '" + model + "'; this service runs " + recognizer.name());
        }
        if (!recognizer.supportsLanguage(language)) {
            throw new ServiceException(
                    ServiceException.Kind.INVALID_INPUT,
                    "UNSUPPORTED_LANGUAGE",
                    "the recogniser " + recognizer.name() + " knows " + recognizer.languages() + ", not '" + language
                            + "'",
                    "language",
                    null,
                    Map.of(),
                    null);
        }
        return recognizer;
    }

    /**
     * A transcription of audio that arrives in chunks, for StreamingTranscribe: the same recogniser checks as
     * {@link #transcribe}, a streaming decoder for {@code mimeType} (empty: WAV). Close it in every case.
     */
    public StreamingTranscription streamingTranscription(
            String mimeType, String model, String language, RequestScope scope) {
        SpeechRecognizer recognizer = recognizer(model, language);
        SileroVad vad = models.vad();
        StreamingAudioDecoder decoder = models.decoder().openStream(mimeType.isEmpty() ? "audio/wav" : mimeType);
        SpeechSegmenter.Config segmenting = vad.defaultConfig();
        return new StreamingTranscription(
                decoder, new StreamingSpeechDetector(vad, segmenting), segmenting, recognizer, scope);
    }

    /**
     * Text to speech: Festival (English) or espeak-ng (other languages), resampled, as a 16-bit WAV. Runs the
     * synthesizer process on the calling thread.
     *
     * @param sampleRateHz 0 for 16000, else in [{@value #MIN_OUTPUT_RATE}, {@value #MAX_OUTPUT_RATE}]
     */
    public CompletableFuture<Synthesized> synthesize(String text, String language, String voice, int sampleRateHz) {
        int rate = sampleRateHz == 0 ? MonoAudio.MODEL_RATE : sampleRateHz;
        if (rate < MIN_OUTPUT_RATE || rate > MAX_OUTPUT_RATE) {
            throw new ServiceException(
                    ServiceException.Kind.INVALID_INPUT,
                    "INVALID_OPTION",
                    "must be 0 (16000) or in [" + MIN_OUTPUT_RATE + ", " + MAX_OUTPUT_RATE + "], was " + sampleRateHz,
                    "sample_rate_hz",
                    null,
                    Map.of(),
                    null);
        }
        SynthesizerRouter synthesizer = models.synthesizer();
        long started = System.nanoTime();
        Synthesis speech = synthesizer.synthesize(text, language, voice);
        ProgramMetrics.duration(registry, ProgramMetrics.SYNTHESIS, speech.synthesizer())
                .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        MonoAudio out = speech.audio().sampleRate() == rate
                ? speech.audio()
                : Resampler.get().resample(speech.audio(), rate);
        return CompletableFuture.completedFuture(
                new Synthesized(WavWriter.toWav16(out), out.durationMillis(), speech.voice()));
    }

    /** Quarkus' worker pool (looked up per call: Quarkus installs it during start-up). */
    private static Executor blocking() {
        return Infrastructure.getDefaultWorkerPool();
    }

    private DecodedAudio decode(Clip clip) {
        return models.decoder().decode(clip.data(), clip.mimeType());
    }
}

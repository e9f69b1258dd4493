package io.crossmodal.audio.inference;

import io.crossmodal.audio.asr.PocketSphinxConfig;
import io.crossmodal.audio.asr.PocketSphinxRecognizer;
import io.crossmodal.audio.asr.SpeechRecognizer;
import io.crossmodal.audio.config.AudioServiceConfig;
import io.crossmodal.audio.decode.AudioDecoder;
import io.crossmodal.audio.decode.AudioLimits;
import io.crossmodal.audio.embed.SpeechEmbedder;
import io.crossmodal.audio.tts.SynthesisSettings;
import io.crossmodal.audio.tts.SynthesizerRouter;
import io.crossmodal.audio.vad.SileroVad;
import io.crossmodal.runtime.metrics.MicrometerBatchMetrics;
import io.crossmodal.runtime.repository.ModelRepository;
import io.crossmodal.servicekit.health.ModelNotReadyException;
import io.crossmodal.servicekit.health.ModelStates;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Holds the audio service's decoder, models and programs: loads and warms them up in the background at start-up
 * (voice activity, speech embedding, the recogniser, the synthesizers, each with its own state) and hands each out
 * only once READY, else UNAVAILABLE with RetryInfo.
 *
 * <p>The recogniser's and the synthesizers' settings come from {@code crossmodal.audio.asr.*} and
 * {@code crossmodal.audio.tts.*} ({@link AudioServiceConfig}), converted and validated by Quarkus before this bean
 * exists. Their saturation is exported by {@link ProgramMetrics} once they are loaded.
 */
@ApplicationScoped
public class AudioModels {

    private static final Logger LOG = Logger.getLogger(AudioModels.class);

    /** State keys of the recogniser and the synthesizers, which are programs rather than repository models. */
    public static final String RECOGNIZER = "speech-recognizer";

    public static final String SYNTHESIZER = "speech-synthesizer";

    private final AudioServiceConfig config;
    private final PocketSphinxConfig recognizerConfig;
    private final SynthesisSettings synthesisSettings;
    private final MeterRegistry registry;
    private final ModelStates states = new ModelStates();
    private final AudioDecoder decoder;
    private volatile SileroVad vad;
    private volatile SpeechEmbedder embedder;
    private volatile SpeechRecognizer recognizer;
    private volatile SynthesizerRouter synthesizer;

    public AudioModels(AudioServiceConfig config, MeterRegistry registry) {
        this.config = config;
        this.registry = registry;
        this.recognizerConfig = config.asr().toPocketSphinxConfig();
        this.synthesisSettings = config.tts().toSynthesisSettings();
        this.decoder = new AudioDecoder(
                AudioLimits.defaults()
                        .withMaxBytes(config.maxAudioBytes())
                        .withMaxDuration(config.maxAudioDuration())
                        .withTimeout(config.decodeTimeout()),
                config.decodeThreads(),
                64);
        for (String key : new String[] {config.vadModel(), config.embeddingModel(), RECOGNIZER, SYNTHESIZER}) {
            states.set(key, ModelStates.State.LOADING, "queued for loading");
        }
    }

    /** The recogniser's settings, from {@code crossmodal.audio.asr.*}. */
    public PocketSphinxConfig recognizerConfig() {
        return recognizerConfig;
    }

    /** The synthesizers' settings, from {@code crossmodal.audio.tts.*}. */
    public SynthesisSettings synthesisSettings() {
        return synthesisSettings;
    }

    public ModelStates states() {
        return states;
    }

    public AudioDecoder decoder() {
        return decoder;
    }

    public AudioServiceConfig config() {
        return config;
    }

    /** Loads everything, one after the other; meant to run on a background thread. */
    public void loadAll() {
        ModelRepository repository = new ModelRepository(Path.of(config.modelRepository()));
        vad = load(config.vadModel(), () -> {
            SileroVad opened = SileroVad.open(repository.get(config.vadModel(), Optional.empty()), metrics("silero"));
            if (config.warmUp()) {
                opened.warmUp();
            }
            return opened;
        });
        embedder = load(config.embeddingModel(), () -> {
            SpeechEmbedder opened = SpeechEmbedder.open(
                    repository.get(config.embeddingModel(), Optional.empty()),
                    stage -> new MicrometerBatchMetrics(
                            registry, config.embeddingModel() + "/" + stage, "OnnxRuntime", "seconds"));
            if (config.warmUp()) {
                opened.warmUp();
            }
            return opened;
        });
        recognizer = load(RECOGNIZER, () -> {
            PocketSphinxRecognizer opened = PocketSphinxRecognizer.open(recognizerConfig);
            ProgramMetrics.register(registry, opened);
            return opened;
        });
        synthesizer = load(SYNTHESIZER, () -> {
            SynthesizerRouter router = SynthesizerRouter.create(synthesisSettings);
            try {
                router.checkAvailable();
            } catch (io.crossmodal.audio.tts.SynthesisException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
            ProgramMetrics.register(registry, router);
            return router;
        });
    }

    private MicrometerBatchMetrics metrics(String kind) {
        return new MicrometerBatchMetrics(registry, config.vadModel(), "OnnxRuntime", "seconds");
    }

    private <T> T load(String key, Supplier<T> open) {
        long start = System.nanoTime();
        states.set(key, ModelStates.State.LOADING, "loading");
        try {
            T loaded = open.get();
            states.set(key, ModelStates.State.READY, "ready");
            LOG.infof("%s ready in %d ms", key, (System.nanoTime() - start) / 1_000_000);
            return loaded;
        } catch (RuntimeException | LinkageError e) {
            LOG.errorf(e, "%s failed to load", key);
            states.set(key, ModelStates.State.FAILED, String.valueOf(e.getMessage()));
            return null;
        }
    }

    public SileroVad vad() {
        return ready(vad, config.vadModel());
    }

    public SpeechEmbedder embedder() {
        return ready(embedder, config.embeddingModel());
    }

    public SpeechRecognizer recognizer() {
        return ready(recognizer, RECOGNIZER);
    }

    public SynthesizerRouter synthesizer() {
        return ready(synthesizer, SYNTHESIZER);
    }

    public Optional<SileroVad> loadedVad() {
        return Optional.ofNullable(vad);
    }

    public Optional<SpeechEmbedder> loadedEmbedder() {
        return Optional.ofNullable(embedder);
    }

    public Optional<SpeechRecognizer> loadedRecognizer() {
        return Optional.ofNullable(recognizer);
    }

    public Optional<SynthesizerRouter> loadedSynthesizer() {
        return Optional.ofNullable(synthesizer);
    }

    private <T> T ready(T value, String key) {
        if (value != null) {
            return value;
        }
        ModelStates.Entry entry = states.get(key);
        throw new ModelNotReadyException(
                "'" + key + "' is " + entry.state().name().toLowerCase() + ": " + entry.message());
    }

    void close(@Observes ShutdownEvent event) {
        if (vad != null) {
            vad.close();
        }
        if (embedder != null) {
            embedder.close();
        }
        if (recognizer != null) {
            recognizer.close();
        }
        decoder.close();
    }
}

package io.crossmodal.vision.inference;

import io.crossmodal.runtime.metrics.MicrometerBatchMetrics;
import io.crossmodal.runtime.repository.ModelDescriptor;
import io.crossmodal.runtime.repository.ModelRepository;
import io.crossmodal.servicekit.error.ServiceException;
import io.crossmodal.servicekit.health.ModelNotReadyException;
import io.crossmodal.servicekit.health.ModelStates;
import io.crossmodal.vision.config.VisionServiceConfig;
import io.crossmodal.vision.decode.DecodeLimits;
import io.crossmodal.vision.decode.ImageDecoder;
import io.crossmodal.vision.detect.ObjectDetector;
import io.crossmodal.vision.ocr.TextReader;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Holds the vision service's decoder and models: loads and warms the models up in the background at start-up and
 * hands them out only once READY (else UNAVAILABLE with RetryInfo).
 */
@ApplicationScoped
public class VisionModels {

    private static final Logger LOG = Logger.getLogger(VisionModels.class);

    private final VisionServiceConfig config;
    private final MeterRegistry registry;
    private final ModelStates states = new ModelStates();
    private final ImageDecoder decoder;
    private final ImageIntake intake;
    private volatile ObjectDetector detector;
    private volatile ModelDescriptor detectorDescriptor;
    private volatile TextReader reader;

    public VisionModels(VisionServiceConfig config, MeterRegistry registry) {
        this.config = config;
        this.registry = registry;
        this.decoder = new ImageDecoder(
                new DecodeLimits(config.maxImageBytes(), config.maxImagePixels(), config.decodeTimeout()),
                config.decodeThreads(),
                64);
        long pixelsInFlight = PixelBudget.fittingHeap(
                config.maxPixelsInFlight(),
                Runtime.getRuntime().maxMemory(),
                config.decodeThreads(),
                config.maxImagePixels());
        if (pixelsInFlight < config.maxPixelsInFlight()) {
            LOG.infof(
                    "in-flight pixel budget lowered from %d to %d to fit the %d MB heap",
                    config.maxPixelsInFlight(),
                    pixelsInFlight,
                    Runtime.getRuntime().maxMemory() >> 20);
        }
        this.intake = new ImageIntake(decoder, new PixelBudget(pixelsInFlight));
        states.set(config.detectionModel(), ModelStates.State.LOADING, "queued for loading");
        states.set(OCR, ModelStates.State.LOADING, "queued for loading");
    }

    /** The state key of the OCR pipeline (detector + recogniser + angle classifier, loaded together). */
    public static final String OCR = "ocr";

    public ModelStates states() {
        return states;
    }

    public ImageDecoder decoder() {
        return decoder;
    }

    /** Decoding plus admission against the in-flight pixel budget: how the RPCs take images in. */
    public ImageIntake intake() {
        return intake;
    }

    /** Loads every model; meant to run on a background thread. */
    public void loadAll() {
        String name = config.detectionModel();
        long start = System.nanoTime();
        try {
            ModelDescriptor descriptor =
                    new ModelRepository(Path.of(config.modelRepository())).get(name, Optional.empty());
            detectorDescriptor = descriptor;
            states.set(name, ModelStates.State.LOADING, "loading " + descriptor);
            ObjectDetector opened = ObjectDetector.open(
                    descriptor,
                    new MicrometerBatchMetrics(
                            registry, descriptor.name(), descriptor.engine(), ObjectDetector.COST_UNIT));
            if (config.warmUp()) {
                opened.warmUp();
            }
            detector = opened;
            states.set(name, ModelStates.State.READY, "ready");
            LOG.infof(
                    "Model %s on %s ready in %d ms",
                    descriptor, descriptor.engine(), (System.nanoTime() - start) / 1_000_000);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Model %s failed to load", name);
            states.set(name, ModelStates.State.FAILED, e.getMessage());
        }
        loadOcr();
    }

    private void loadOcr() {
        long start = System.nanoTime();
        try {
            ModelRepository repository = new ModelRepository(Path.of(config.modelRepository()));
            Optional<ModelDescriptor> cls = repository.list().stream()
                    .filter(d -> d.name().equals(TextReader.ANGLE_CLASSIFIER))
                    .reduce((a, b) -> b);
            TextReader opened = TextReader.open(
                    repository.get(TextReader.DETECTOR, Optional.empty()),
                    repository.get(TextReader.RECOGNISER, Optional.empty()),
                    cls,
                    d -> new MicrometerBatchMetrics(registry, d.name(), d.engine(), "pixels"),
                    java.util.concurrent.ForkJoinPool.commonPool());
            if (config.warmUp()) {
                opened.warmUp();
            }
            reader = opened;
            states.set(OCR, ModelStates.State.READY, "ready");
            LOG.infof("OCR models %s ready in %d ms", opened.models(), (System.nanoTime() - start) / 1_000_000);
        } catch (RuntimeException e) {
            LOG.errorf(e, "OCR models failed to load");
            states.set(OCR, ModelStates.State.FAILED, e.getMessage());
        }
    }

    /** The READY text reader; UNAVAILABLE (with RetryInfo) while it loads or when it failed to. */
    public TextReader reader() {
        TextReader r = reader;
        if (r != null) {
            return r;
        }
        ModelStates.Entry entry = states.get(OCR);
        throw new ModelNotReadyException(
                "OCR models are " + entry.state().name().toLowerCase() + ": " + entry.message());
    }

    public Optional<TextReader> loadedReader() {
        return Optional.ofNullable(reader);
    }

    /** The READY detector; UNAVAILABLE (with RetryInfo) while it loads or when it failed to. */
    public ObjectDetector detector() {
        ObjectDetector d = detector;
        if (d != null) {
            return d;
        }
        ModelStates.Entry entry = states.get(config.detectionModel());
        throw new ModelNotReadyException("Object-detection model '" + config.detectionModel() + "' is "
                + entry.state().name().toLowerCase() + ": " + entry.message());
    }

    public Optional<ModelDescriptor> detectorDescriptor() {
        return Optional.ofNullable(detectorDescriptor);
    }

    public String detectionModelName() {
        return config.detectionModel();
    }

    /** NOT_FOUND for a model name this service does not run. */
    public void requireKnownDetectionModel(String requested) {
        if (!requested.isEmpty() && !requested.equals(config.detectionModel())) {
            throw new ServiceException(
                    ServiceException.Kind.NOT_FOUND,
                    "MODEL_NOT_FOUND",
                    "Unknown object-detection model '" + requested + "'; this service runs " + config.detectionModel());
        }
    }

    void close(@Observes ShutdownEvent event) {
        ObjectDetector d = detector;
        if (d != null) {
            d.close();
        }
        TextReader r = reader;
        if (r != null) {
            r.close();
        }
        decoder.close();
    }
}

package io.crossmodal.text.inference;

import io.crossmodal.runtime.metrics.MicrometerBatchMetrics;
import io.crossmodal.runtime.repository.ModelDescriptor;
import io.crossmodal.runtime.repository.ModelRepository;
import io.crossmodal.servicekit.call.RequestScope;
import io.crossmodal.servicekit.error.ServiceException;
import io.crossmodal.servicekit.health.ModelNotReadyException;
import io.crossmodal.servicekit.health.ModelStates;
import io.crossmodal.text.config.TextServiceConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Holds the text models of this service: loads and warms them up in the background at start-up, and hands them
 * out only once READY (else {@link ModelNotReadyException}, i.e. UNAVAILABLE with RetryInfo).
 */
@ApplicationScoped
public class TextModels {

    private static final Logger LOG = Logger.getLogger(TextModels.class);
    private static final List<String> WARM_UP_TEXTS =
            List.of("Warming up the model.", "A short sentence to compile the graph for a batch of several items.");

    private final TextServiceConfig config;
    private final MeterRegistry registry;
    private final ModelStates states = new ModelStates();
    private final Map<String, TextModel> loaded = new ConcurrentHashMap<>();
    private volatile List<ModelDescriptor> descriptors = List.of();

    public TextModels(TextServiceConfig config, MeterRegistry registry) {
        this.config = config;
        this.registry = registry;
        config.models().forEach(name -> states.set(name, ModelStates.State.LOADING, "queued for loading"));
    }

    public ModelStates states() {
        return states;
    }

    /** Loads every configured model, one after the other; meant to run on a background thread. */
    public void loadAll() {
        ModelRepository repository = new ModelRepository(Path.of(config.modelRepository()));
        List<ModelDescriptor> found = new java.util.ArrayList<>();
        for (String name : config.models()) {
            long start = System.nanoTime();
            try {
                ModelDescriptor prepared = repository.get(name, Optional.empty());
                TextServiceConfig.Engine engine = config.engine().get(name);
                ModelDescriptor descriptor = engine == null ? prepared : prepared.withEngine(engine.name());
                found.add(descriptor);
                descriptors = List.copyOf(found);
                states.set(name, ModelStates.State.LOADING, "loading " + descriptor);
                TextModel model = TextModel.open(
                        descriptor, spec -> new MicrometerBatchMetrics(registry, spec.name(), spec.engine(), "tokens"));
                if (config.warmUp()) {
                    warmUp(model);
                }
                loaded.put(name, model);
                states.set(name, ModelStates.State.READY, "ready");
                LOG.infof(
                        "Model %s on %s ready in %d ms",
                        descriptor, descriptor.engine(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            } catch (RuntimeException e) {
                LOG.errorf(e, "Model %s failed to load", name);
                states.set(name, ModelStates.State.FAILED, e.getMessage());
            }
        }
    }

    /** The first inference of a graph allocates and compiles kernels: pay for it before SERVING. */
    private static void warmUp(TextModel model) {
        List<java.util.concurrent.CompletableFuture<float[]>> futures = WARM_UP_TEXTS.stream()
                .map(t -> model.embed(model.tokenize(t, true), RequestScope.UNBOUNDED))
                .toList();
        futures.forEach(java.util.concurrent.CompletableFuture::join);
    }

    /** The READY model of that name; NOT_FOUND when it is not configured, UNAVAILABLE when not ready. */
    public TextModel require(String name) {
        TextModel model = loaded.get(name);
        if (model != null) {
            return model;
        }
        if (!config.models().contains(name)) {
            throw new ServiceException(
                    ServiceException.Kind.NOT_FOUND,
                    "MODEL_NOT_FOUND",
                    "Unknown text model '" + name + "'; this service runs " + String.join(", ", config.models()));
        }
        ModelStates.Entry entry = states.get(name);
        throw new ModelNotReadyException(
                "Text model '" + name + "' is " + entry.state().name().toLowerCase() + ": " + entry.message());
    }

    public List<String> configuredModels() {
        return config.models();
    }

    /** Descriptors found in the repository so far (for ListModels while loading). */
    public List<ModelDescriptor> descriptors() {
        return descriptors;
    }

    public Optional<TextModel> loaded(String name) {
        return Optional.ofNullable(loaded.get(name));
    }

    void close(@Observes ShutdownEvent event) {
        loaded.values().forEach(TextModel::close);
        loaded.clear();
    }
}

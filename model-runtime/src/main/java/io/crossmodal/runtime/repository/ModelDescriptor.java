package io.crossmodal.runtime.repository;

import static io.crossmodal.runtime.repository.ServingProperties.ENGINE;
import static io.crossmodal.runtime.repository.ServingProperties.ENGINES;
import static io.crossmodal.runtime.repository.ServingProperties.LICENSE;
import static io.crossmodal.runtime.repository.ServingProperties.MODALITY;
import static io.crossmodal.runtime.repository.ServingProperties.MODEL_FILE;
import static io.crossmodal.runtime.repository.ServingProperties.ONNXRUNTIME_ALLOW_SPINNING;
import static io.crossmodal.runtime.repository.ServingProperties.ONNXRUNTIME_INTRA_OP_THREADS;
import static io.crossmodal.runtime.repository.ServingProperties.SOURCE;
import static io.crossmodal.runtime.repository.ServingProperties.SPACE_ID;
import static io.crossmodal.runtime.repository.ServingProperties.TASK;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Properties;

/**
 * One model version in the model repository: its folder and the settings of its {@code serving.properties}
 * ({@link #settings()}, read through the typed keys of {@link ServingProperties}).
 */
public final class ModelDescriptor {

    private final String name;
    private final String version;
    private final Path directory;
    private final ServingProperties settings;

    public ModelDescriptor(String name, String version, Path directory, ServingProperties settings) {
        this.name = Objects.requireNonNull(name);
        this.version = Objects.requireNonNull(version);
        this.directory = Objects.requireNonNull(directory);
        this.settings = Objects.requireNonNull(settings);
    }

    /** A version whose settings are given rather than read (tests, tools); checked when first read, like a file. */
    public ModelDescriptor(String name, String version, Path directory, Properties properties) {
        this(
                name,
                version,
                directory,
                ServingProperties.of(properties, directory.resolve(ServingProperties.FILE_NAME)));
    }

    public String name() {
        return name;
    }

    public String version() {
        return version;
    }

    /** The version folder, {@code <root>/<name>/<version>}. */
    public Path directory() {
        return directory;
    }

    /** The values of its {@code serving.properties}. */
    public ServingProperties settings() {
        return settings;
    }

    /** DJL engine name, e.g. {@code OnnxRuntime} or {@code TensorFlow}. */
    public String engine() {
        return settings.require(ENGINE);
    }

    public String task() {
        return settings.find(TASK).orElse("");
    }

    public String modality() {
        return settings.find(MODALITY).orElse("");
    }

    /**
     * The model file or folder inside the version folder for the engine in use: {@code engine.<engine>.model.file}
     * when the version carries the model for several engines, else {@code model.file} ({@code .} for a SavedModel
     * laid out in the version folder itself).
     */
    public Path modelPath() {
        String file =
                settings.find(ServingProperties.engineModelFile(engine())).orElseGet(() -> settings.get(MODEL_FILE));
        return directory.resolve(file).normalize();
    }

    /** Engines this version can run on: {@code engines}, or just {@code engine} when that key is absent. */
    public List<String> engines() {
        List<String> listed = settings.find(ENGINES).orElse(List.of());
        return listed.isEmpty() ? List.of(engine()) : listed;
    }

    /**
     * The same model version run on another of its {@link #engines()}; the descriptor itself is unchanged.
     *
     * @throws ModelRepositoryException when the version was not prepared for that engine
     */
    public ModelDescriptor withEngine(String engine) {
        if (!engines().contains(engine)) {
            throw new ModelRepositoryException(this + " was not prepared for engine '" + engine + "'; it has "
                    + engines() + " (see " + settings.file() + ")");
        }
        return new ModelDescriptor(name, version, directory, settings.with(ENGINE, engine));
    }

    /**
     * The second model of a version that carries two (openWakeWord's mel front end beside its embedding model):
     * the file {@code fileKey} names, on the same engine with the same engine settings, and nothing else of this
     * version's settings.
     */
    public ModelDescriptor withModelFile(ServingProperties.Key<String> fileKey) {
        String file = settings.require(fileKey);
        ServingProperties loading = settings.only(ONNXRUNTIME_INTRA_OP_THREADS, ONNXRUNTIME_ALLOW_SPINNING)
                .with(ENGINE, engine())
                .with(MODEL_FILE, file);
        return new ModelDescriptor(name, version, directory, loading);
    }

    /**
     * The embedding space of this version's vectors: {@code space.id}, or for folders prepared without it the
     * same {@code name@version#revision} the preparer writes.
     *
     * @param preprocessingRevision the revision the reader applies
     */
    public String spaceId(String preprocessingRevision) {
        return settings.find(SPACE_ID).orElse(name + "@" + version + "#" + preprocessingRevision);
    }

    public String license() {
        return settings.get(LICENSE);
    }

    public String source() {
        return settings.get(SOURCE);
    }

    @Override
    public String toString() {
        return name + "@" + version;
    }
}

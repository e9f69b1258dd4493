package io.crossmodal.runtime.repository;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * One model version in the model repository: its folder and the settings of its {@code serving.properties}.
 *
 * <p>Keys are those written by the {@code models} module (see models/README.md). Typed getters fail with a
 * message naming the file and key, so a hand-edited repository that lacks a key is easy to fix.
 */
public final class ModelDescriptor {

    public static final String SERVING_PROPERTIES = "serving.properties";

    private final String name;
    private final String version;
    private final Path directory;
    private final Properties properties;

    public ModelDescriptor(String name, String version, Path directory, Properties properties) {
        this.name = Objects.requireNonNull(name);
        this.version = Objects.requireNonNull(version);
        this.directory = Objects.requireNonNull(directory);
        this.properties = properties;
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

    /** DJL engine name, e.g. {@code OnnxRuntime} or {@code TensorFlow}. */
    public String engine() {
        return require("engine");
    }

    public String task() {
        return property("task").orElse("");
    }

    public String modality() {
        return property("modality").orElse("");
    }

    /**
     * The model file or folder inside the version folder for the engine in use: {@code engine.<engine>.model.file}
     * when the version carries the model for several engines, else {@code model.file} ({@code .} for a SavedModel
     * laid out in the version folder itself).
     */
    public Path modelPath() {
        String file = property("engine." + engine() + ".model.file").or(() -> property("model.file")).orElse(".");
        return directory.resolve(file).normalize();
    }

    /** Engines this version can run on: {@code engines}, or just {@code engine} when that key is absent. */
    public List<String> engines() {
        List<String> listed = listProperty("engines");
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
                    + engines() + " (see " + directory.resolve(SERVING_PROPERTIES) + ")");
        }
        Properties copy = new Properties();
        copy.putAll(properties);
        copy.setProperty("engine", engine);
        return new ModelDescriptor(name, version, directory, copy);
    }

    public String license() {
        return property("license").orElse("unknown");
    }

    public String source() {
        return property("source").orElse("unknown");
    }

    public Optional<String> property(String key) {
        String value = properties.getProperty(key);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    public String require(String key) {
        return property(key).orElseThrow(() -> new ModelRepositoryException(
                "Missing key '" + key + "' in " + directory.resolve(SERVING_PROPERTIES)));
    }

    public int intProperty(String key, int defaultValue) {
        return property(key).map(v -> parse(key, v, Integer::parseInt)).orElse(defaultValue);
    }

    public long longProperty(String key, long defaultValue) {
        return property(key).map(v -> parse(key, v, Long::parseLong)).orElse(defaultValue);
    }

    public boolean booleanProperty(String key, boolean defaultValue) {
        return property(key).map(Boolean::parseBoolean).orElse(defaultValue);
    }

    public List<String> listProperty(String key) {
        return property(key)
                .map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
                .orElse(List.of());
    }

    private <T> T parse(String key, String value, java.util.function.Function<String, T> parser) {
        try {
            return parser.apply(value);
        } catch (NumberFormatException e) {
            throw new ModelRepositoryException("Key '" + key + "' in " + directory.resolve(SERVING_PROPERTIES)
                    + " is not a number: '" + value + "'");
        }
    }

    @Override
    public String toString() {
        return name + "@" + version;
    }
}

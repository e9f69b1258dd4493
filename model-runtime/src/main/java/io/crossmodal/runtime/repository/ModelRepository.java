package io.crossmodal.runtime.repository;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Read-only view of a model repository: {@code <root>/<model-name>/<version>/serving.properties} plus model files.
 *
 * <p>Services never write here and never download: the {@code models} module prepares the folder at build or
 * deploy time. A version folder without {@code serving.properties} is ignored, so a half-copied model is never
 * picked up.
 */
public final class ModelRepository {

    private final Path root;

    public ModelRepository(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** Every prepared model version, sorted by name then version. */
    public List<ModelDescriptor> list() {
        requireRoot();
        List<ModelDescriptor> found = new ArrayList<>();
        try (Stream<Path> models = Files.list(root)) {
            for (Path modelDir : models.filter(Files::isDirectory).sorted().toList()) {
                String name = modelDir.getFileName().toString();
                if (name.startsWith(".")) {
                    continue;
                }
                try (Stream<Path> versions = Files.list(modelDir)) {
                    for (Path versionDir : versions.filter(Files::isDirectory).sorted().toList()) {
                        Path props = versionDir.resolve(ModelDescriptor.SERVING_PROPERTIES);
                        if (Files.isRegularFile(props)) {
                            found.add(read(name, versionDir.getFileName().toString(), versionDir));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new ModelRepositoryException("Cannot read model repository " + root + ": " + e.getMessage(), e);
        }
        found.sort(Comparator.comparing(ModelDescriptor::name).thenComparing(ModelDescriptor::version));
        return found;
    }

    /**
     * The named model at the given version, or at its newest version (by string order of the folder names) when
     * {@code version} is empty.
     */
    public ModelDescriptor get(String name, Optional<String> version) {
        requireRoot();
        Path modelDir = root.resolve(name);
        if (!Files.isDirectory(modelDir)) {
            throw new ModelRepositoryException("Model '" + name + "' is not in the model repository " + root
                    + ". Prepare it with the models module (see models/README.md).");
        }
        if (version.isPresent()) {
            Path versionDir = modelDir.resolve(version.get());
            if (!Files.isRegularFile(versionDir.resolve(ModelDescriptor.SERVING_PROPERTIES))) {
                throw new ModelRepositoryException(
                        "Model '" + name + "' has no prepared version '" + version.get() + "' in " + root);
            }
            return read(name, version.get(), versionDir);
        }
        return list().stream()
                .filter(d -> d.name().equals(name))
                .reduce((first, second) -> second)
                .orElseThrow(() -> new ModelRepositoryException(
                        "Model '" + name + "' has no prepared version in " + root));
    }

    private void requireRoot() {
        if (!Files.isDirectory(root)) {
            throw new ModelRepositoryException("Model repository " + root + " does not exist. Prepare it with "
                    + "'mvn -pl models package' or point crossmodal.model-repository at a prepared one.");
        }
    }

    private static ModelDescriptor read(String name, String version, Path versionDir) {
        Properties properties = new Properties();
        Path file = versionDir.resolve(ModelDescriptor.SERVING_PROPERTIES);
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new ModelRepositoryException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        return new ModelDescriptor(name, version, versionDir, properties);
    }
}

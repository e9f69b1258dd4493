package io.crossmodal.runtime.repository;

import static io.crossmodal.runtime.repository.ServingProperties.BATCH_MAX_COST;
import static io.crossmodal.runtime.repository.ServingProperties.BATCH_MAX_DELAY;
import static io.crossmodal.runtime.repository.ServingProperties.BATCH_MAX_SIZE;
import static io.crossmodal.runtime.repository.ServingProperties.DETECTION_OUTPUT;
import static io.crossmodal.runtime.repository.ServingProperties.DETECTION_SCORE_THRESHOLD;
import static io.crossmodal.runtime.repository.ServingProperties.EMBEDDING_NORMALIZE;
import static io.crossmodal.runtime.repository.ServingProperties.EMBEDDING_POOLING;
import static io.crossmodal.runtime.repository.ServingProperties.ENGINE;
import static io.crossmodal.runtime.repository.ServingProperties.IMAGE_LAYOUT;
import static io.crossmodal.runtime.repository.ServingProperties.IMAGE_LETTERBOX_ALIGN;
import static io.crossmodal.runtime.repository.ServingProperties.IMAGE_MEAN;
import static io.crossmodal.runtime.repository.ServingProperties.INPUTS;
import static io.crossmodal.runtime.repository.ServingProperties.LANGUAGES;
import static io.crossmodal.runtime.repository.ServingProperties.MAX_TOKENS;
import static io.crossmodal.runtime.repository.ServingProperties.ONNXRUNTIME_ALLOW_SPINNING;
import static io.crossmodal.runtime.repository.ServingProperties.TASK;
import static io.crossmodal.runtime.repository.ServingProperties.TENSORFLOW_REMAPPING;
import static io.crossmodal.runtime.repository.ServingProperties.VAD_MIN_SPEECH;
import static io.crossmodal.runtime.repository.ServingProperties.VAD_THRESHOLD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossmodal.runtime.repository.ServingProperties.EmbeddingPooling;
import io.crossmodal.runtime.repository.ServingProperties.ImageLayout;
import io.crossmodal.runtime.repository.ServingProperties.LetterboxAlign;
import io.crossmodal.runtime.repository.ServingProperties.Switch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServingPropertiesTest {

    @TempDir
    Path dir;

    private ServingProperties file(String... lines) throws IOException {
        Path file = dir.resolve(ServingProperties.FILE_NAME);
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return ServingProperties.read(file);
    }

    @Test
    void oneMessageNamesTheFileAndEveryBadKey() throws IOException {
        ServingProperties s = file(
                "task=object-detection",
                "batch.max.size=0",
                "batch.max.delay.ms=fast",
                "max.tokens=99999999999",
                "vad.threshold=1.5",
                "embedding.normalize=yes",
                "image.layout=CHW",
                "image.mean=0.5,x",
                "some.future.key=whatever");
        ModelRepositoryException e = assertThrows(ModelRepositoryException.class, s::validate);
        String m = e.getMessage();
        assertTrue(m.contains(dir.resolve(ServingProperties.FILE_NAME).toString()), m);
        for (String expected : List.of(
                "'engine' is missing",
                "'detection.output' is missing (required for task object-detection)",
                "'labels.file' is missing",
                "'image.size' is missing",
                "'batch.max.size' is '0'",
                "'batch.max.delay.ms' is 'fast'",
                "'max.tokens' is '99999999999'",
                "'vad.threshold' is '1.5'",
                "'embedding.normalize' is 'yes'",
                "'image.layout' is 'CHW', not one of NHWC, NCHW",
                "'image.mean' is '0.5,x'")) {
            assertTrue(m.contains(expected), "'" + expected + "' in: " + m);
        }
        assertFalse(m.contains("some.future.key"), "keys of newer preparers are ignored: " + m);
        assertEquals(List.of("some.future.key"), s.unknownKeys());

        // every accessor reports the same whole-file message, not just the key it reads
        ModelRepositoryException onRead = assertThrows(ModelRepositoryException.class, () -> s.get(MAX_TOKENS));
        assertEquals(m, onRead.getMessage());
        assertEquals(
                m,
                assertThrows(ModelRepositoryException.class, () -> s.find(TASK)).getMessage());
    }

    @Test
    void typedValuesDefaultsAndAliases() throws IOException {
        ServingProperties s = file(
                "engine=OnnxRuntime",
                "batch.max.size= 16 ",
                "batch.max.cost=123456789012",
                "batch.max.delay.ms=7",
                "onnxruntime.allow.spinning=TRUE",
                "inputs=input_ids, attention_mask,,token_type_ids",
                "languages=   ",
                "embedding.pooling= CLS ",
                "image.layout=nhwc",
                "image.letterbox.align=top_left",
                "tensorflow.remapping=Off",
                "image.mean=0.485, 0.456,0.406",
                "detection.score.threshold=0.25",
                "vad.min.speech.ms=300");
        assertEquals(16, s.get(BATCH_MAX_SIZE, 1), "values are trimmed");
        assertEquals(123_456_789_012L, s.get(BATCH_MAX_COST, 1L));
        assertEquals(Duration.ofMillis(7), s.get(BATCH_MAX_DELAY, Duration.ZERO));
        assertTrue(s.get(ONNXRUNTIME_ALLOW_SPINNING));
        assertTrue(s.get(EMBEDDING_NORMALIZE), "absent: the key's default");
        assertEquals(List.of("input_ids", "attention_mask", "token_type_ids"), s.get(INPUTS));
        assertEquals(List.of(), s.get(LANGUAGES), "a blank value counts as absent");
        assertEquals(512, s.get(MAX_TOKENS));
        assertEquals(EmbeddingPooling.CLS, s.get(EMBEDDING_POOLING, EmbeddingPooling.MEAN));
        assertEquals(ImageLayout.NHWC, s.find(IMAGE_LAYOUT).orElseThrow());
        assertEquals(LetterboxAlign.TOP_LEFT, s.get(IMAGE_LETTERBOX_ALIGN));
        assertEquals(Switch.OFF, s.get(TENSORFLOW_REMAPPING));
        assertEquals(List.of(0.485, 0.456, 0.406), s.find(IMAGE_MEAN).orElseThrow());
        assertEquals(Float.parseFloat("0.25"), s.get(DETECTION_SCORE_THRESHOLD), "floats parse as floats");
        assertEquals(Float.parseFloat("0.5"), s.get(VAD_THRESHOLD));
        assertEquals(Duration.ofMillis(300), s.get(VAD_MIN_SPEECH));
        assertEquals(List.of(), s.problems());

        ModelDescriptor d = new ModelDescriptor("m", "1", dir, s);
        assertEquals("unknown", d.license());
        assertEquals("unknown", d.source());
        assertEquals("", d.modality());
        assertEquals("m@1#r7", d.spaceId("r7"), "derived like the preparer when space.id is absent");
    }

    @Test
    void aKeyHasOneDefaultAndMissingValuesNameKeyAndFile() throws IOException {
        ServingProperties s = file("engine=OnnxRuntime");
        assertThrows(IllegalStateException.class, () -> s.get(MAX_TOKENS, 64), "max.tokens has its own default");
        assertThrows(IllegalStateException.class, () -> s.get(BATCH_MAX_SIZE), "batch.max.size has none");
        ModelRepositoryException missing =
                assertThrows(ModelRepositoryException.class, () -> s.require(DETECTION_OUTPUT));
        assertTrue(missing.getMessage().contains("'detection.output'"), missing.getMessage());
        assertTrue(missing.getMessage().contains(s.file().toString()), missing.getMessage());
    }

    @Test
    void unsupportedValuesAreNamedTogether() throws IOException {
        ServingProperties s = file(
                "engine=OnnxRuntime",
                "task=voice-activity",
                "audio.sample.rate=8000",
                "vad.window.samples=512",
                "vad.context.samples=64",
                "vad.state.size=128",
                "image.layout=NCHW");
        s.requireValues(
                "the test",
                ServingProperties.VAD_WINDOW_SAMPLES.is(512),
                IMAGE_LAYOUT.isOrAbsent(ImageLayout.NCHW),
                EMBEDDING_POOLING.isOrAbsent(EmbeddingPooling.MEAN));
        ModelRepositoryException e = assertThrows(
                ModelRepositoryException.class,
                () -> s.requireValues(
                        "the test",
                        ServingProperties.AUDIO_SAMPLE_RATE.is(16000),
                        IMAGE_LAYOUT.is(ImageLayout.NHWC),
                        ServingProperties.MELSPECTROGRAM_TRANSFORM.is("x/10+2")));
        String m = e.getMessage();
        assertTrue(m.contains(s.file().toString()) && m.contains("the test"), m);
        assertTrue(m.contains("audio.sample.rate=8000 (supported: 16000)"), m);
        assertTrue(m.contains("image.layout=NCHW (supported: NHWC)"), m);
        assertTrue(m.contains("melspectrogram.transform is missing (supported: x/10+2)"), m);
    }

    @Test
    void catalogValuesAreCheckedStrictly() {
        Map<String, String> ok = new LinkedHashMap<>(Map.of(
                "task",
                "object-detection",
                "modality",
                "image",
                "engine",
                "TensorFlow",
                "preprocessing.revision",
                "r1",
                "image.size",
                "512",
                "detection.output",
                "out",
                "labels.file",
                "labels.txt",
                "engine.TensorFlow.model.file",
                "."));
        assertEquals(List.of(), ServingProperties.catalogProblems(ok));

        Map<String, String> bad = new LinkedHashMap<>(ok);
        bad.remove("modality");
        bad.remove("detection.output");
        bad.put("detection.scor.threshold", "0.3");
        bad.put("space.id", "x");
        bad.put("languages", " ");
        bad.put("detection.max", "-1");
        String m = String.join("; ", ServingProperties.catalogProblems(bad));
        assertTrue(m.contains("'detection.scor.threshold' is not a serving.properties key"), m);
        assertTrue(m.contains("detection.score.threshold"), "suggests the keys of the same group: " + m);
        assertTrue(m.contains("'space.id' is written by the preparer"), m);
        assertTrue(m.contains("'languages' is blank"), m);
        assertTrue(m.contains("'detection.max' is '-1', not a whole number >= 1"), m);
        assertTrue(m.contains("'modality' is missing"), m);
        assertTrue(m.contains("'detection.output' is missing (required for task object-detection)"), m);
    }

    @Test
    void filesAreWrittenInTheFixedOrderAndReadBack() throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("prepared.by", "p");
        values.put("zz.extra", "z");
        values.put("batch.max.size", "8");
        values.put("engine.TensorFlow.model.file", "saved_model");
        values.put("license", "MIT");
        values.put("model.file", "model.onnx");
        values.put("engine", "OnnxRuntime");
        values.put("name", "m");
        values.put("image.size", "32");
        values.put("engine.OnnxRuntime.model.file", "model.onnx");
        assertEquals(
                List.of(
                        "name",
                        "engine",
                        "model.file",
                        "engine.OnnxRuntime.model.file",
                        "engine.TensorFlow.model.file",
                        "batch.max.size",
                        "image.size",
                        "zz.extra",
                        "license",
                        "prepared.by"),
                List.copyOf(ServingProperties.ordered(values).keySet()));

        Path file = dir.resolve("written.properties");
        ServingProperties.write(file, values);
        List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        assertEquals(ServingProperties.HEADER.stream().map(h -> "# " + h).toList(), lines.subList(0, 2));
        assertEquals("name=m", lines.get(2));
        assertEquals(values, ServingProperties.read(file).values());
        assertEquals("MIT", ServingProperties.read(file).get(ServingProperties.LICENSE));
    }

    @Test
    void everyKeyIsDeclaredOnceWithAValidName() {
        Pattern name = Pattern.compile("[a-z0-9]+(\\.[a-z0-9]+)*");
        List<String> names = ServingProperties.keys().stream()
                .map(ServingProperties.Key::name)
                .toList();
        assertEquals(names.size(), Set.copyOf(names).size());
        for (String n : names) {
            assertTrue(name.matcher(n).matches(), n);
            assertEquals(n, ServingProperties.key(n).orElseThrow().name());
        }
        assertEquals(
                "engine.PyTorch.model.file",
                ServingProperties.key("engine.PyTorch.model.file").orElseThrow().name());
        assertTrue(
                ServingProperties.key("engine.PyTorch.model.file").orElseThrow().isFile());
        assertTrue(ServingProperties.key("engine.model.file").isEmpty());
        assertEquals(ENGINE, ServingProperties.key("engine").orElseThrow());
    }

    /** The key table of model-runtime/README.md is written by hand: it must list every key, and only those. */
    @Test
    void theReadmeTableListsEveryKey() throws IOException {
        List<String> rows = Files.readAllLines(Path.of("README.md")).stream()
                .filter(l -> l.startsWith("| `"))
                .toList();
        java.util.Set<String> documented = new java.util.TreeSet<>();
        Pattern code = Pattern.compile("`([^`]+)`");
        for (String row : rows) {
            java.util.regex.Matcher m = code.matcher(row.substring(0, row.indexOf(" |", 2)));
            while (m.find()) {
                documented.add(m.group(1));
            }
        }
        java.util.Set<String> declared = new java.util.TreeSet<>(ServingProperties.keys().stream()
                .map(ServingProperties.Key::name)
                .toList());
        declared.add("engine.<Engine>.model.file");
        java.util.Set<String> undocumented = new java.util.TreeSet<>(declared);
        undocumented.removeAll(documented);
        assertEquals(java.util.Set.of(), undocumented, "keys missing from the README table");
        documented.removeAll(declared);
        documented.removeIf(name -> !name.contains("."));
        assertEquals(java.util.Set.of(), documented, "README rows for keys the schema does not declare");
    }
}

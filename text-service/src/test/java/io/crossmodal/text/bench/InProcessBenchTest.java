package io.crossmodal.text.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The in-process measurement against the real prepared model (moved here from bench with its command). */
class InProcessBenchTest {

    record Run(int code, String out, String err) {
        /** key=value pairs of the RESULT lines, one map per line. */
        List<Map<String, String>> results() {
            return out.lines()
                    .filter(l -> l.startsWith("RESULT "))
                    .map(l -> {
                        Map<String, String> kv = new LinkedHashMap<>();
                        Arrays.stream(l.substring(7).split(" ")).forEach(p -> {
                            int eq = p.indexOf('=');
                            kv.put(p.substring(0, eq), p.substring(eq + 1));
                        });
                        return kv;
                    })
                    .toList();
        }
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = InProcessBench.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void inProcessAgainstTheRealModel() {
        Path repository = Path.of(System.getProperty("crossmodal.model-repository", "../model-repository"));
        assertTrue(
                Files.isDirectory(repository.resolve("all-minilm-l6-v2")),
                "model repository not prepared at " + repository.toAbsolutePath());
        Run r = run(
                "--repository",
                repository.toString(),
                "--model",
                "all-minilm-l6-v2",
                "--concurrency",
                "4",
                "--duration",
                "2s",
                "--warmup",
                "1s");
        assertEquals(0, r.code(), r.out() + r.err());
        List<Map<String, String>> results = r.results();
        assertEquals(1, results.size(), r.out());
        Map<String, String> result = results.get(0);
        assertEquals("inprocess", result.get("mode"));
        assertEquals("all-minilm-l6-v2", result.get("model"));
        assertEquals("4", result.get("concurrency"));
        assertTrue(Double.parseDouble(result.get("texts_per_s")) > 0, r.out());
        assertTrue(Double.parseDouble(result.get("p99_ms")) >= Double.parseDouble(result.get("p50_ms")), r.out());
        assertEquals("0", result.get("errors"), r.out());
    }

    @Test
    void inProcessOnBothEnginesPrintsASideBySideTable() {
        Path repository = Path.of(System.getProperty("crossmodal.model-repository", "../model-repository"));
        // The models module prepares the repository earlier in the build; missing files mean a broken build.
        assertTrue(
                Files.isRegularFile(repository.resolve("all-minilm-l6-v2/1.20.0-beta30/saved_model/saved_model.pb")),
                "all-minilm-l6-v2 not prepared for TensorFlow at " + repository.toAbsolutePath());
        Run r = run(
                "--repository",
                repository.toString(),
                "--model",
                "all-minilm-l6-v2",
                "--engine",
                "both",
                "--batch",
                "1,4",
                "--duration",
                "1s",
                "--warmup",
                "1s");
        assertEquals(0, r.code(), r.out() + r.err());
        List<Map<String, String>> results = r.results();
        assertEquals(
                List.of("OnnxRuntime", "OnnxRuntime", "TensorFlow", "TensorFlow"),
                results.stream().map(m -> m.get("engine")).toList(),
                r.out());
        assertEquals(
                List.of("1", "4", "1", "4"),
                results.stream().map(m -> m.get("batch")).toList(),
                r.out());
        results.forEach(m -> assertEquals("0", m.get("errors"), r.out()));
        assertTrue(r.out().contains("OnnxRuntime/TensorFlow"), r.out());
        assertEquals(
                2,
                r.out()
                        .lines()
                        .filter(l -> l.startsWith("SIDE_BY_SIDE run=batch_"))
                        .count(),
                r.out());

        Run wrong = run(
                "--repository",
                repository.toString(),
                "--model",
                "all-minilm-l6-v2",
                "--engine",
                "PyTorch",
                "--batch",
                "1",
                "--duration",
                "1s");
        assertEquals(2, wrong.code(), wrong.out() + wrong.err());
        assertTrue(wrong.err().contains("was prepared for [OnnxRuntime, TensorFlow]"), wrong.err());
    }
}

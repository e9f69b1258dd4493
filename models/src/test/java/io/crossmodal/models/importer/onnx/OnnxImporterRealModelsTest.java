package io.crossmodal.models.importer.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.crossmodal.models.importer.onnx.OnnxGraphs.In;
import io.crossmodal.models.importer.onnx.OnnxGraphs.Out;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The prepared text encoders imported and run on TensorFlow against ONNX Runtime on real tokenized sentences
 * (a padded batch of three sentences of different lengths). Needs the model repository
 * ({@code crossmodal.model-repository}); skipped when a model is missing.
 */
@Tag("tensorflow")
class OnnxImporterRealModelsTest {

    static final String VERSION = "1.20.0-beta30";
    static final String FOOD = "A man is eating food.";
    static final String BREAD = "A man is eating a piece of bread.";

    @TempDir
    static Path tmp;

    static Path modelDir(String name) {
        String repo = System.getProperty("crossmodal.model-repository", "../model-repository");
        Path dir = Path.of(repo).resolve(name).resolve(VERSION);
        // The build prepares the repository before this module's tests (process-classes); a missing model is a
        // broken build, not a reason to skip.
        assertTrue(
                Files.isRegularFile(dir.resolve("model.onnx")),
                "model " + dir + " is not prepared: run "
                        + "'mvn -pl models process-classes' or the whole build first");
        return dir;
    }

    /** Token ids, attention mask and type ids of the sentences, padded with 0 to the longest. */
    record Batch(List<In> inputs, long[][] mask, int rows, int seq) {}

    static Batch tokenize(Path modelDir, List<String> sentences) throws Exception {
        List<Encoding> enc = new ArrayList<>();
        try (InputStream in = Files.newInputStream(modelDir.resolve("tokenizer.json"));
                HuggingFaceTokenizer tok =
                        HuggingFaceTokenizer.newInstance(in, Map.of("padding", "false", "truncation", "false"))) {
            for (String s : sentences) {
                enc.add(tok.encode(s));
            }
        }
        int seq = enc.stream().mapToInt(e -> e.getIds().length).max().orElseThrow();
        int n = sentences.size();
        long[] ids = new long[n * seq];
        long[] mask = new long[n * seq];
        long[] types = new long[n * seq];
        long[][] mask2 = new long[n][seq];
        for (int i = 0; i < n; i++) {
            Encoding e = enc.get(i);
            for (int j = 0; j < e.getIds().length; j++) {
                ids[i * seq + j] = e.getIds()[j];
                mask[i * seq + j] = e.getAttentionMask()[j];
                types[i * seq + j] = e.getTypeIds()[j];
                mask2[i][j] = e.getAttentionMask()[j];
            }
        }
        return new Batch(
                List.of(
                        new In("input_ids", ids, n, seq),
                        new In("attention_mask", mask, n, seq),
                        new In("token_type_ids", types, n, seq)),
                mask2,
                n,
                seq);
    }

    /** Attention-mask-weighted mean (or the first token) of each row, L2-normalised. */
    static float[][] pool(Out hidden, long[][] mask, boolean cls) {
        int n = (int) hidden.shape()[0];
        int seq = (int) hidden.shape()[1];
        int dim = (int) hidden.shape()[2];
        float[][] out = new float[n][dim];
        for (int i = 0; i < n; i++) {
            double[] acc = new double[dim];
            double count = 0;
            for (int t = 0; t < (cls ? 1 : seq); t++) {
                double w = cls ? 1 : mask[i][t];
                count += w;
                for (int d = 0; d < dim; d++) {
                    acc[d] += w * hidden.values()[(i * seq + t) * dim + d];
                }
            }
            double norm = 0;
            for (int d = 0; d < dim; d++) {
                acc[d] /= count;
                norm += acc[d] * acc[d];
            }
            norm = Math.sqrt(norm);
            for (int d = 0; d < dim; d++) {
                out[i][d] = (float) (acc[d] / norm);
            }
        }
        return out;
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }

    /** Imports, runs both engines, compares last_hidden_state and the pooled embeddings; returns TF's pooled. */
    private float[][] compare(String model, List<String> sentences, boolean cls, double maxRel, double minCos)
            throws Exception {
        return compare(model, sentences, cls, maxRel, minCos, false);
    }

    /** As above; with {@code realTokensOnly} the relative bound covers only positions the attention mask keeps. */
    private float[][] compare(
            String model, List<String> sentences, boolean cls, double maxRel, double minCos, boolean realTokensOnly)
            throws Exception {
        Path dir = modelDir(model);
        Path saved = tmp.resolve(model);
        long t0 = System.nanoTime();
        OnnxImporter.Result r = new OnnxImporter().importModel(dir.resolve("model.onnx"), saved);
        long importMs = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(
                List.of("input_ids", "attention_mask", "token_type_ids"),
                List.copyOf(r.inputs().keySet()));
        for (var spec : r.inputs().values()) {
            assertArrayEquals(new long[] {-1, -1}, spec.shape(), "batch and sequence are dynamic");
        }
        Batch batch = tokenize(dir, sentences);
        Out ort = OnnxGraphs.runOrt(dir.resolve("model.onnx"), batch.inputs()).get("last_hidden_state");
        Out tf = OnnxGraphs.runTf(saved, batch.inputs()).get("last_hidden_state");
        assertArrayEquals(ort.shape(), tf.shape());
        // Relative error per element: |tf - ort| / max(|ort|, 1) (absolute below 1, where relative is ill-posed).
        double maxAbs = 0;
        double maxAbsReal = 0;
        double maxRelSeen = 0;
        double maxRelReal = 0;
        int dim = (int) ort.shape()[2];
        for (int k = 0; k < ort.values().length; k++) {
            double d = Math.abs(ort.values()[k] - tf.values()[k]);
            maxAbs = Math.max(maxAbs, d);
            int row = k / dim / batch.seq();
            int tok = (k / dim) % batch.seq();
            double rel = d / Math.max(Math.abs(ort.values()[k]), 1);
            if (batch.mask()[row][tok] != 0) {
                maxAbsReal = Math.max(maxAbsReal, d);
                maxRelReal = Math.max(maxRelReal, rel);
            }
            maxRelSeen = Math.max(maxRelSeen, rel);
        }
        float[][] pe = pool(ort, batch.mask(), cls);
        float[][] pt = pool(tf, batch.mask(), cls);
        double minCosSeen = 1;
        for (int i = 0; i < pe.length; i++) {
            minCosSeen = Math.min(minCosSeen, dot(pe[i], pt[i]));
        }
        System.out.printf(
                "[onnx-import] %s: import %d ms, %d TF nodes, last_hidden_state max abs diff %.3g, "
                        + "(real tokens only %.3g), max rel diff %.3g, min cosine TF vs ORT %.9f%n",
                model, importMs, r.graph().getNodeCount(), maxAbs, maxAbsReal, maxRelSeen, minCosSeen);
        double bounded = realTokensOnly ? maxRelReal : maxRelSeen;
        assertTrue(bounded <= maxRel, model + ": max relative difference " + bounded);
        assertTrue(minCosSeen >= minCos, model + ": cosine " + minCosSeen);
        return pt;
    }

    @Test
    void allMiniLmL6V2MatchesOnnxRuntime() throws Exception {
        float[][] e = compare(
                "all-minilm-l6-v2",
                List.of(FOOD, BREAD, "The quick brown fox jumps over the lazy dog near the river bank at dawn."),
                false,
                1e-4,
                0.9999);
        double foodBread = dot(e[0], e[1]);
        System.out.printf("[onnx-import] all-minilm-l6-v2 on TensorFlow: food/bread cosine %.4f%n", foodBread);
        assertEquals(0.755, foodBread, 0.01);
    }

    @Test
    void bgeSmallZhMatchesOnnxRuntime() throws Exception {
        compare("bge-small-zh-v1.5", List.of("今天天气很好。", "我喜欢吃面包和水果，也喜欢喝茶。", "机器学习"), true, 1e-4, 0.9999);
    }

    @Test
    void allMiniLmL6V2Int8MatchesOnnxRuntime() throws Exception {
        // Real tokens agree as closely as the float model's; padded positions (which pooling ignores) can differ
        // by up to ~2, apparently from ONNX Runtime's u8 x s8 kernel saturating on the padding rows' activations,
        // so the element bound covers the positions the attention mask keeps.
        float[][] e = compare(
                "all-minilm-l6-v2-q",
                List.of(FOOD, BREAD, "The quick brown fox jumps over the lazy dog near the river bank at dawn."),
                false,
                1e-4,
                0.9999,
                true);
        System.out.printf("[onnx-import] all-minilm-l6-v2-q on TensorFlow: food/bread cosine %.4f%n", dot(e[0], e[1]));
    }
}

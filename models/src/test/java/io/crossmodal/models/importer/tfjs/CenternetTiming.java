package io.crossmodal.models.importer.tfjs;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.ZooModel;
import io.crossmodal.runtime.engine.ModelLoader;
import io.crossmodal.runtime.repository.ModelDescriptor;
import io.crossmodal.runtime.repository.ModelRepository;
import java.nio.file.Path;
import java.util.Optional;

/**
 * CenterNet's inference time on TensorFlow, one letterboxed image at a time, loaded from the prepared repository the
 * way the vision service loads it ({@link ModelLoader}, with the session config its {@code serving.properties} asks
 * for). A measurement, not a test: it depends on the machine and its load, so it prints and asserts nothing.
 *
 * <pre>
 * mvn -B -q -pl models -am test -DskipTests -Pcenternet-timing [-Dcenternet.timing.runs=10]
 * TF_ENABLE_ONEDNN_OPTS=1 mvn -B -q -pl models -am test -DskipTests -Pcenternet-timing
 * </pre>
 *
 * <p>Arguments: {@code --repository DIR} (default: system property {@code crossmodal.model-repository}, else
 * {@code model-repository}), {@code --image FILE} (default {@code ../testdata/images/chelsea.png}), {@code --runs N}
 * (default 10, after 2 warm-up runs).
 */
public final class CenternetTiming {

    private CenternetTiming() {}

    public static void main(String[] args) throws Exception {
        Path repository = Path.of(System.getProperty("crossmodal.model-repository", "model-repository"));
        Path image = TfjsCenternetTest.CHELSEA;
        int runs = 10;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--repository" -> repository = Path.of(require(args[i], value));
                case "--image" -> image = Path.of(require(args[i], value));
                case "--runs" -> runs = Integer.parseInt(require(args[i], value));
                default ->
                    throw new IllegalArgumentException(
                            "unknown argument " + args[i] + " (known: --repository DIR, --image FILE, --runs N)");
            }
            i++;
        }
        ModelLoader.configureDjl();
        ModelDescriptor descriptor = new ModelRepository(repository).get("centernet", Optional.empty());
        Letterbox input = Letterbox.of(image, 512);
        String onednn = System.getenv().getOrDefault("TF_ENABLE_ONEDNN_OPTS", "unset (TensorFlow's CPU default)");
        try (ZooModel<NDList, NDList> model = ModelLoader.load(descriptor);
                Predictor<NDList, NDList> predictor = model.newPredictor()) {
            run(model, predictor, input);
            run(model, predictor, input);
            double total = 0;
            double min = Double.MAX_VALUE;
            double max = 0;
            for (int i = 0; i < runs; i++) {
                long started = System.nanoTime();
                run(model, predictor, input);
                double ms = (System.nanoTime() - started) / 1e6;
                total += ms;
                min = Math.min(min, ms);
                max = Math.max(max, ms);
            }
            System.out.printf(
                    "centernet %s on %s: %.1f ms per image (min %.1f, max %.1f; %d runs after 2 warm-ups; "
                            + "%d cores; TF_ENABLE_ONEDNN_OPTS=%s)%n",
                    descriptor.version(),
                    descriptor.engine(),
                    total / runs,
                    min,
                    max,
                    runs,
                    Runtime.getRuntime().availableProcessors(),
                    onednn);
        }
    }

    private static String require(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }

    /** One image, through one predictor kept for every run as the vision service's ObjectDetector keeps it. */
    private static void run(ZooModel<NDList, NDList> model, Predictor<NDList, NDList> predictor, Letterbox input)
            throws Exception {
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDArray x = manager.create(input.pixels(), new Shape(1, input.size(), input.size(), 3));
            x.setName(TfjsCenternetTest.INPUT);
            predictor.predict(new NDList(x)).close();
        }
    }
}

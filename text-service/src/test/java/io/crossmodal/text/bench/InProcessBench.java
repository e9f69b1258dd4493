package io.crossmodal.text.bench;

import io.crossmodal.bench.Bench;
import io.crossmodal.bench.Corpus;
import io.crossmodal.bench.LoadRunner;
import io.crossmodal.bench.RunResult;
import io.crossmodal.runtime.batch.BatchMetrics;
import io.crossmodal.runtime.repository.ModelDescriptor;
import io.crossmodal.runtime.repository.ModelRepository;
import io.crossmodal.servicekit.call.RequestScope;
import io.crossmodal.servicekit.cli.DurationConverter;
import io.crossmodal.text.inference.TextModel;
import io.crossmodal.text.inference.TokenizedText;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The in-process measurement of a text model: the model as text-service runs it (tokenizer on the caller's thread,
 * the model's own dynamic batcher and single predictor), driven without gRPC, so that the cost of the service
 * around it can be told apart. It lives beside the code it measures; bench's load generator only speaks gRPC. Its
 * load loop, corpus and RESULT lines are bench's, so both sets of numbers compare line by line.
 *
 * <p>Run it (text-service/README.md, "In-process benchmark"):
 * {@code mvn -B -q -pl text-service -am test -DskipTests -Pinprocess-bench -Dinprocess.args="--model all-minilm-l6-v2
 * --batch 1,32"}.
 */
@Command(
        name = "inprocess",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Drives a text model in-process, without gRPC: N concurrent callers each tokenize one text "
                + "and submit it to the model's dynamic batcher (as text-service does), or, with --batch, one "
                + "caller submits B texts at once.")
public final class InProcessBench implements Callable<Integer> {

    @Option(
            names = {"-r", "--repository"},
            paramLabel = "DIR",
            description = "Model repository. Default: the system property crossmodal.model-repository, else "
                    + "model-repository in the working directory.")
    Path repository;

    @Option(
            names = {"-m", "--model"},
            required = true,
            paramLabel = "NAME",
            description = "Text model by name, e.g. all-minilm-l6-v2.")
    String model;

    @Option(
            names = "--model-version",
            paramLabel = "VERSION",
            description = "Model version folder. Default: the newest prepared one.")
    String version;

    @Option(
            names = {"-c", "--concurrency"},
            split = ",",
            defaultValue = "8",
            paramLabel = "N",
            description = "Concurrent callers; a list (1,8,32) runs one measurement per value, on one loaded "
                    + "model. Default: ${DEFAULT-VALUE}.")
    List<Integer> concurrency;

    @Option(
            names = {"-b", "--batch"},
            split = ",",
            paramLabel = "B",
            description = "Instead of concurrent callers: one caller tokenizes B texts and submits them together, "
                    + "waiting for all; a list (1,32) runs one measurement per size. Latency is per batch.")
    List<Integer> batch;

    @Option(
            names = {"-d", "--duration"},
            defaultValue = "20s",
            converter = DurationConverter.class,
            paramLabel = "DURATION",
            description = "Measured window of each run. Default: ${DEFAULT-VALUE}.")
    Duration duration;

    @Option(
            names = "--warmup",
            defaultValue = "5s",
            converter = DurationConverter.class,
            paramLabel = "DURATION",
            description = "Load before the measured window, not counted. Default: ${DEFAULT-VALUE}.")
    Duration warmup;

    @Option(
            names = {"-e", "--engine"},
            paramLabel = "ENGINE",
            description = "Engine to run the model on: OnnxRuntime, TensorFlow (the version must have been prepared "
                    + "for it, see 'engines' in its serving.properties), or both: every run of the list on each "
                    + "engine, one after the other in this process, then a side-by-side table. Default: the "
                    + "engine serving.properties names.")
    String engine;

    @Option(
            names = "--corpus",
            paramLabel = "FILE",
            description = "Texts, one per line. Default: the built-in corpus of " + Corpus.BUILT_IN_SIZE
                    + " English sentences.")
    Path corpusFile;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Longest a single item may take before it counts as an error (a hung batcher must not hang the run). */
    private static final long ITEM_TIMEOUT_SECONDS = 60;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path root = repository != null
                ? repository
                : Path.of(System.getProperty("crossmodal.model-repository", "model-repository"));
        Corpus corpus = corpusFile == null ? Corpus.builtIn() : Corpus.fromFile(corpusFile);
        ModelDescriptor prepared = new ModelRepository(root).get(model, Optional.ofNullable(version));
        List<String> engines = engines(prepared);
        boolean batches = batch != null && !batch.isEmpty();
        for (int b : batches ? batch : concurrency) {
            if (b < 1) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), (batches ? "--batch" : "--concurrency") + " must be >= 1");
            }
        }
        List<RunResult> results = new ArrayList<>();
        boolean nothing = false;
        for (String e : engines) {
            ModelDescriptor descriptor = e.equals(prepared.engine()) ? prepared : prepared.withEngine(e);
            // one engine at a time: the other one's model is closed and its threads idle during the window
            nothing |= runAll(out, descriptor, corpus, batches, results);
        }
        if (engines.size() > 1) {
            printSideBySide(out, results, engines);
        }
        if (nothing) {
            // as bench does: numbers of a run that completed nothing mean nothing
            spec.commandLine().getErr().println("bench: a run completed no text in its window; see its errors above");
            spec.commandLine().getErr().flush();
            return 1;
        }
        return 0;
    }

    /** The engines of --engine: the descriptor's own when absent, its every engine for {@code both}. */
    private List<String> engines(ModelDescriptor prepared) {
        if (engine == null || engine.isBlank()) {
            return List.of(prepared.engine());
        }
        List<String> wanted = engine.equalsIgnoreCase("both") || engine.equalsIgnoreCase("all")
                ? prepared.engines()
                : List.of(engine.split(","));
        List<String> result = new ArrayList<>();
        for (String w : wanted) {
            String e = w.trim();
            if (!prepared.engines().contains(e)) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(),
                        "--engine " + e + ": " + prepared + " was prepared for " + prepared.engines()
                                + " (or use 'both')");
            }
            result.add(e);
        }
        return result;
    }

    /** Opens the model on its engine, runs the --batch or --concurrency list; true if a run measured nothing. */
    private boolean runAll(
            PrintWriter out, ModelDescriptor descriptor, Corpus corpus, boolean batches, List<RunResult> results)
            throws Exception {
        long start = System.nanoTime();
        boolean nothing = false;
        try (TextModel textModel = TextModel.open(descriptor, s -> BatchMetrics.NONE)) {
            long loaded = System.nanoTime();
            // as text-service does before SERVING: the first inference builds the graph (seconds on TensorFlow),
            // which must not fall into a short --warmup or, worse, the measured window
            embedBatch(textModel, Corpus.builtIn(), 2);
            out.printf(
                    Locale.ROOT,
                    "Loaded %s on %s from %s in %d ms, first batch %d ms (batcher: max batch %d, "
                            + "max delay %d ms)%n",
                    descriptor,
                    descriptor.engine(),
                    descriptor.modelPath(),
                    TimeUnit.NANOSECONDS.toMillis(loaded - start),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - loaded),
                    textModel.batching().maxBatchSize(),
                    textModel.batching().maxQueueDelay().toMillis());
            out.flush();
            double warmupSeconds = warmup.toNanos() / 1e9;
            for (int n : batches ? batch : concurrency) {
                LoadRunner runner = new LoadRunner(batches ? 1 : n, warmup, duration, InProcessBench::classify);
                LoadRunner.Measurement m = runner.run(corpus, c -> embedBatch(textModel, c, batches ? n : 1));
                RunResult r = batches
                        ? new RunResult(
                                "inprocess-batch",
                                "-",
                                "-",
                                descriptor.name(),
                                descriptor.engine(),
                                1,
                                n,
                                warmupSeconds,
                                m)
                        : new RunResult(
                                "inprocess", "-", "-", descriptor.name(), descriptor.engine(), n, 0, warmupSeconds, m);
                r.print(out);
                results.add(r);
                nothing |= m.texts() == 0;
            }
        }
        return nothing;
    }

    /** One row per batch size (or concurrency): texts/s and p50 of each engine, and how many times faster. */
    static void printSideBySide(PrintWriter out, List<RunResult> results, List<String> engines) {
        String first = engines.get(0);
        out.println();
        out.println("== side by side: " + results.get(0).model() + " (texts/s; p50 ms per "
                + (results.get(0).batch() > 0 ? "batch call" : "text") + "; load average at start) ==");
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "  %-16s", "run"));
        for (String e : engines) {
            header.append(String.format(Locale.ROOT, " %14s %10s %6s", e + " t/s", "p50", "load"));
        }
        for (String e : engines.subList(1, engines.size())) {
            header.append(String.format(Locale.ROOT, " %18s", first + "/" + e));
        }
        out.println(header);
        java.util.LinkedHashMap<String, java.util.Map<String, RunResult>> rows = new java.util.LinkedHashMap<>();
        for (RunResult r : results) {
            String row = r.batch() > 0 ? "batch " + r.batch() : "concurrency " + r.concurrency();
            rows.computeIfAbsent(row, k -> new java.util.HashMap<>()).put(r.engine(), r);
        }
        rows.forEach((row, byEngine) -> {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-16s", row));
            for (String e : engines) {
                RunResult r = byEngine.get(e);
                line.append(
                        r == null
                                ? String.format(Locale.ROOT, " %14s %10s %6s", "-", "-", "-")
                                : String.format(
                                        Locale.ROOT,
                                        " %14.1f %10.2f %6.2f",
                                        r.m().textsPerSecond(),
                                        r.m().latency().percentileMillis(50),
                                        r.m().loadAverage()));
            }
            RunResult base = byEngine.get(first);
            for (String e : engines.subList(1, engines.size())) {
                RunResult r = byEngine.get(e);
                line.append(
                        base == null || r == null || r.m().textsPerSecond() == 0
                                ? String.format(Locale.ROOT, " %18s", "-")
                                : String.format(
                                        Locale.ROOT, " %17.2fx", base.m().textsPerSecond() / r.m().textsPerSecond()));
            }
            out.println(line);
            StringBuilder result = new StringBuilder("SIDE_BY_SIDE run=" + row.replace(' ', '_'));
            for (String e : engines) {
                RunResult r = byEngine.get(e);
                if (r != null) {
                    result.append(String.format(
                            Locale.ROOT,
                            " %s_texts_per_s=%.1f %s_p50_ms=%.2f",
                            e,
                            r.m().textsPerSecond(),
                            e,
                            r.m().latency().percentileMillis(50)));
                }
            }
            out.println(result);
        });
        out.flush();
    }

    /** Tokenizes {@code size} texts on this thread, submits them all, waits for every vector. */
    private static int embedBatch(TextModel model, Corpus corpus, int size) throws Exception {
        List<CompletableFuture<float[]>> futures = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            TokenizedText tokens = model.tokenize(corpus.next(), true);
            futures.add(model.embed(tokens, RequestScope.UNBOUNDED));
        }
        int dimension = model.spec().dimension();
        for (CompletableFuture<float[]> f : futures) {
            float[] v;
            try {
                v = f.get(ITEM_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
            if (v == null || (dimension > 0 && v.length != dimension)) {
                throw new IllegalStateException(
                        "vector of length " + (v == null ? "null" : v.length) + ", expected " + dimension);
            }
        }
        return size;
    }

    static String classify(Throwable t) {
        return t.getClass().getSimpleName();
    }

    /** Runs the measurement with the given streams; returns the exit code (0 ok, 1 failed, 2 usage). */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        return Bench.execute(new InProcessBench(), out, err, args);
    }

    public static void main(String[] args) {
        System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }
}

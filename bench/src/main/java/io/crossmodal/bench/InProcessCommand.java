package io.crossmodal.bench;

import io.crossmodal.runtime.batch.BatchMetrics;
import io.crossmodal.runtime.batch.RequestScope;
import io.crossmodal.runtime.repository.ModelDescriptor;
import io.crossmodal.runtime.repository.ModelRepository;
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
 * {@code bench inprocess}: the text model as text-service runs it (tokenizer on the caller's thread, the model's
 * own dynamic batcher and single predictor), driven without gRPC.
 */
@Command(name = "inprocess", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Drives a text model in-process, without gRPC: N concurrent callers each tokenize one text "
                + "and submit it to the model's dynamic batcher (as text-service does), or, with --batch, one "
                + "caller submits B texts at once.")
final class InProcessCommand implements Callable<Integer> {

    @Option(names = {"-r", "--repository"}, paramLabel = "DIR",
            description = "Model repository. Default: the system property crossmodal.model-repository, else "
                    + "model-repository in the working directory.")
    Path repository;

    @Option(names = {"-m", "--model"}, required = true, paramLabel = "NAME",
            description = "Text model by name, e.g. all-minilm-l6-v2.")
    String model;

    @Option(names = "--model-version", paramLabel = "VERSION",
            description = "Model version folder. Default: the newest prepared one.")
    String version;

    @Option(names = {"-c", "--concurrency"}, split = ",", defaultValue = "8", paramLabel = "N",
            description = "Concurrent callers; a list (1,8,32) runs one measurement per value, on one loaded "
                    + "model. Default: ${DEFAULT-VALUE}.")
    List<Integer> concurrency;

    @Option(names = {"-b", "--batch"}, split = ",", paramLabel = "B",
            description = "Instead of concurrent callers: one caller tokenizes B texts and submits them together, "
                    + "waiting for all; a list (1,32) runs one measurement per size. Latency is per batch.")
    List<Integer> batch;

    @Option(names = {"-d", "--duration"}, defaultValue = "20s", converter = DurationConverter.class,
            paramLabel = "DURATION", description = "Measured window of each run. Default: ${DEFAULT-VALUE}.")
    Duration duration;

    @Option(names = "--warmup", defaultValue = "5s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Load before the measured window, not counted. Default: ${DEFAULT-VALUE}.")
    Duration warmup;

    @Option(names = "--corpus", paramLabel = "FILE",
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
        Path root = repository != null ? repository
                : Path.of(System.getProperty("crossmodal.model-repository", "model-repository"));
        Corpus corpus = corpusFile == null ? Corpus.builtIn() : Corpus.fromFile(corpusFile);
        ModelDescriptor descriptor = new ModelRepository(root).get(model, Optional.ofNullable(version));
        long start = System.nanoTime();
        try (TextModel textModel = TextModel.open(descriptor, s -> BatchMetrics.NONE)) {
            out.printf(Locale.ROOT, "Loaded %s on %s from %s in %d ms (batcher: max batch %d, max delay %d ms)%n",
                    descriptor, descriptor.engine(), descriptor.directory(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start),
                    textModel.batching().maxBatchSize(), textModel.batching().maxQueueDelay().toMillis());
            out.flush();
            double warmupSeconds = warmup.toNanos() / 1e9;
            boolean nothing = false;
            if (batch != null && !batch.isEmpty()) {
                for (int b : batch) {
                    if (b < 1) {
                        throw new CommandLine.ParameterException(spec.commandLine(), "--batch must be >= 1");
                    }
                    LoadRunner runner = new LoadRunner(1, warmup, duration, InProcessCommand::classify);
                    LoadRunner.Measurement m = runner.run(corpus, c -> embedBatch(textModel, c, b));
                    new RunResult("inprocess-batch", "-", "-", descriptor.name(), 1, b, warmupSeconds, m)
                            .print(out);
                    nothing |= m.texts() == 0;
                }
            } else {
                for (int n : concurrency) {
                    LoadRunner runner = new LoadRunner(n, warmup, duration, InProcessCommand::classify);
                    LoadRunner.Measurement m = runner.run(corpus, c -> embedBatch(textModel, c, 1));
                    new RunResult("inprocess", "-", "-", descriptor.name(), n, 0, warmupSeconds, m).print(out);
                    nothing |= m.texts() == 0;
                }
            }
            return nothing ? Bench.nothingMeasured(spec) : 0;
        }
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
                throw new IllegalStateException("vector of length " + (v == null ? "null" : v.length)
                        + ", expected " + dimension);
            }
        }
        return size;
    }

    static String classify(Throwable t) {
        return t.getClass().getSimpleName();
    }
}

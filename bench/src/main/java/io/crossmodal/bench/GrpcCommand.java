package io.crossmodal.bench;

import io.crossmodal.fusion.v1.Content;
import io.crossmodal.fusion.v1.EncodeRequest;
import io.crossmodal.fusion.v1.EncodeResponse;
import io.crossmodal.fusion.v1.FusionServiceGrpc;
import io.crossmodal.servicekit.cli.DurationConverter;
import io.crossmodal.text.v1.EmbedRequest;
import io.crossmodal.text.v1.EmbedResponse;
import io.crossmodal.text.v1.TextServiceGrpc;
import io.crossmodal.vision.v1.VisionServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench grpc}: N client threads on one shared plaintext channel (HTTP/2 multiplexes the calls), each sending
 * single-item requests back to back: TextService.Embed with one text, FusionService.Encode with one text content,
 * or one VisionService call (DetectObjects, EmbedImages, ReadText, DescribeImage) with one image.
 */
@Command(
        name = "grpc",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Drives text-service (TextService.Embed), the gateway (FusionService.Encode) or the vision "
                + "service (VisionService, one image per call) over gRPC with N concurrent clients, each sending "
                + "one item per call, back to back.")
final class GrpcCommand implements Callable<Integer> {

    enum Service {
        text,
        gateway,
        vision
    }

    @Option(
            names = "--service",
            defaultValue = "text",
            paramLabel = "text|gateway|vision",
            description = "What to drive: text (TextService.Embed), gateway (FusionService.Encode) or vision "
                    + "(VisionService, see --task). Default: ${DEFAULT-VALUE}.")
    Service service;

    @Option(
            names = {"-t", "--target"},
            paramLabel = "HOST:PORT",
            description = "Server address (plaintext). Default: localhost:9091 for text, localhost:9090 for "
                    + "gateway, localhost:9092 for vision.")
    String target;

    @Option(
            names = {"-m", "--model"},
            paramLabel = "NAME",
            description = "Text model by name (vision: the detection model of detect and embed). Default: none, "
                    + "the service chooses.")
    String model;

    @Option(
            names = "--task",
            split = ",",
            defaultValue = "detect",
            converter = VisionTask.Converter.class,
            paramLabel = "TASK",
            description = "Vision only: detect (DetectObjects), embed (EmbedImages, one image), read-text "
                    + "(ReadText) or describe (DescribeImage); a list (detect,embed) runs every concurrency of "
                    + "each task in turn. Default: ${DEFAULT-VALUE}.")
    List<VisionTask> tasks;

    @Option(
            names = "--image",
            defaultValue = "testdata/images/chelsea.png",
            paramLabel = "FILE",
            description = "Vision only: the image every call sends (relative to the working directory). "
                    + "Default: ${DEFAULT-VALUE}.")
    Path imageFile;

    @Option(
            names = "--server-pid",
            paramLabel = "PID",
            description = "The server's process id on this machine: report its resident memory (RSS at the start "
                    + "and end of each run, and the run's peak, from /proc/PID/status) and its CPU during the "
                    + "window (/proc/PID/stat).")
    Long serverPid;

    @Option(
            names = {"-c", "--concurrency"},
            split = ",",
            defaultValue = "8",
            paramLabel = "N",
            description = "Concurrent clients; a list (1,8,32) runs one measurement per value. "
                    + "Default: ${DEFAULT-VALUE}.")
    List<Integer> concurrency;

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
            names = "--deadline",
            defaultValue = "30s",
            converter = DurationConverter.class,
            paramLabel = "DURATION",
            description = "Deadline of each call. Default: ${DEFAULT-VALUE}.")
    Duration deadline;

    @Option(
            names = "--corpus",
            paramLabel = "FILE",
            description = "Texts to send, one per line. Default: the built-in corpus of " + Corpus.BUILT_IN_SIZE
                    + " English sentences.")
    Path corpusFile;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        if (service != Service.vision && (parsed.hasMatchedOption("--task") || parsed.hasMatchedOption("--image"))) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--task and --image are for --service vision only");
        }
        if (service == Service.vision && parsed.hasMatchedOption("--corpus")) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--corpus is for --service text and gateway; vision sends --image");
        }
        ServerMemory memory = serverMemory();
        String address = target != null
                ? target
                : switch (service) {
                    case text -> "localhost:9091";
                    case gateway -> "localhost:9090";
                    case vision -> "localhost:9092";
                };
        if (service == Service.vision) {
            return vision(out, address, memory);
        }
        Corpus corpus = corpusFile == null ? Corpus.builtIn() : Corpus.fromFile(corpusFile);
        ManagedChannel channel = channel(address);
        try {
            LoadRunner.Operation operation = operation(channel);
            String modelLabel = model == null || model.isEmpty() ? "auto" : model;
            String engine = serverEngine(channel);
            boolean nothing = false;
            for (int n : concurrency) {
                LoadRunner runner =
                        new LoadRunner(n, warmup, duration, GrpcCommand::classify, memory == null ? -1 : memory.pid());
                ServerMemory.Start start = memory == null ? null : memory.start();
                LoadRunner.Measurement m = runner.run(corpus, operation);
                RunResult r = new RunResult(
                        "grpc", service.name(), address, modelLabel, engine, n, 0, warmup.toNanos() / 1e9, m);
                (memory == null ? r : r.withServer(memory.stop(start))).print(out);
                nothing |= m.texts() == 0;
            }
            return nothing ? Bench.nothingMeasured(spec) : 0;
        } finally {
            close(channel);
        }
    }

    /**
     * The vision service: for each task, one closed-loop run per concurrency, every call sending the same image.
     */
    private int vision(PrintWriter out, String address, ServerMemory memory) throws Exception {
        if (!Files.isRegularFile(imageFile)) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "No image at " + imageFile + " (relative to the working directory "
                            + Path.of("").toAbsolutePath() + "); see --image");
        }
        VisionLoad.Image image = VisionLoad.Image.read(imageFile);
        ManagedChannel channel = channel(address);
        try {
            VisionServiceGrpc.VisionServiceBlockingStub stub = VisionServiceGrpc.newBlockingStub(channel);
            io.crossmodal.vision.v1.ListModelsResponse listed;
            try {
                listed = stub.withDeadlineAfter(10, TimeUnit.SECONDS)
                        .listModels(io.crossmodal.vision.v1.ListModelsRequest.getDefaultInstance());
            } catch (RuntimeException e) {
                listed = io.crossmodal.vision.v1.ListModelsResponse.getDefaultInstance();
            }
            boolean nothing = false;
            for (VisionTask task : tasks) {
                LoadRunner.Operation operation = VisionLoad.operation(stub, task, image, model, deadline.toNanos());
                VisionLoad.Models models = VisionLoad.models(listed, task, model);
                for (int n : concurrency) {
                    LoadRunner runner = new LoadRunner(
                            n, warmup, duration, GrpcCommand::classify, memory == null ? -1 : memory.pid());
                    ServerMemory.Start start = memory == null ? null : memory.start();
                    LoadRunner.Measurement m = runner.run(operation);
                    RunResult r = new RunResult(
                            "grpc",
                            service.name(),
                            address,
                            models.label(),
                            models.engine(),
                            n,
                            0,
                            warmup.toNanos() / 1e9,
                            m,
                            task.label,
                            "images",
                            image,
                            null);
                    (memory == null ? r : r.withServer(memory.stop(start))).print(out);
                    nothing |= m.texts() == 0;
                }
            }
            return nothing ? Bench.nothingMeasured(spec, "image") : 0;
        } finally {
            close(channel);
        }
    }

    private ServerMemory serverMemory() {
        if (serverPid == null) {
            return null;
        }
        try {
            return ServerMemory.of(serverPid);
        } catch (IOException | RuntimeException e) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--server-pid " + serverPid + ": cannot read its memory (" + e.getMessage() + ")");
        }
    }

    private static ManagedChannel channel(String address) {
        return NettyChannelBuilder.forTarget(address)
                .usePlaintext()
                .maxInboundMessageSize(64 * 1024 * 1024)
                .build();
    }

    private static void close(ManagedChannel channel) throws InterruptedException {
        channel.shutdownNow();
        channel.awaitTermination(5, TimeUnit.SECONDS);
    }

    /**
     * The engine text-service runs the model on, from its ListModels ({@code -} for the gateway, or when the
     * service cannot say); with no model named, the engines of all its models, e.g. {@code OnnxRuntime+TensorFlow}.
     */
    private String serverEngine(ManagedChannel channel) {
        if (service != Service.text) {
            return "-";
        }
        try {
            var models = TextServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(10, TimeUnit.SECONDS)
                    .listModels(io.crossmodal.text.v1.ListModelsRequest.getDefaultInstance())
                    .getModelsList();
            String engines = models.stream()
                    .filter(m -> model == null || model.isEmpty() || m.getName().equals(model))
                    .map(m -> m.getEngine())
                    .filter(e -> !e.isEmpty())
                    .distinct()
                    .collect(java.util.stream.Collectors.joining("+"));
            return engines.isEmpty() ? "-" : engines;
        } catch (RuntimeException e) {
            return "-";
        }
    }

    private LoadRunner.Operation operation(ManagedChannel channel) {
        long deadlineNanos = deadline.toNanos();
        String modelName = model == null ? "" : model;
        if (service == Service.text) {
            TextServiceGrpc.TextServiceBlockingStub stub = TextServiceGrpc.newBlockingStub(channel);
            return corpus -> {
                EmbedResponse r = stub.withDeadlineAfter(deadlineNanos, TimeUnit.NANOSECONDS)
                        .embed(EmbedRequest.newBuilder()
                                .addTexts(corpus.next())
                                .setModel(modelName)
                                .build());
                if (r.getResultsCount() != 1) {
                    throw new IllegalStateException(r.getResultsCount() + " results for one text");
                }
                checkItem(
                        r.getResults(0).getStatus(),
                        r.getResults(0).getEmbedding().getValuesCount());
                return 1;
            };
        }
        FusionServiceGrpc.FusionServiceBlockingStub stub = FusionServiceGrpc.newBlockingStub(channel);
        return corpus -> {
            EncodeResponse r = stub.withDeadlineAfter(deadlineNanos, TimeUnit.NANOSECONDS)
                    .encode(EncodeRequest.newBuilder()
                            .addContents(Content.newBuilder().setText(corpus.next()))
                            .setTextModel(modelName)
                            .build());
            if (r.getResultsCount() != 1) {
                throw new IllegalStateException(r.getResultsCount() + " results for one content");
            }
            int values = r.getResults(0).getEmbeddingsCount() == 0
                    ? 0
                    : r.getResults(0).getEmbeddings(0).getValuesCount();
            checkItem(r.getResults(0).getStatus(), values);
            return 1;
        };
    }

    /** A call that succeeded but whose one item failed counts as an error, keyed "item:CODE". */
    static void checkItem(com.google.rpc.Status status, int values) {
        if (status.getCode() != 0) {
            throw new ItemFailure(
                    Status.fromCodeValue(status.getCode()).getCode().name(), status.getMessage());
        }
        if (values == 0) {
            throw new ItemFailure("EMPTY_VECTOR", "OK status but no vector");
        }
    }

    static String classify(Throwable t) {
        if (t instanceof StatusRuntimeException e) {
            return e.getStatus().getCode().name();
        }
        if (t instanceof ItemFailure f) {
            return "item:" + f.code;
        }
        return t.getClass().getSimpleName();
    }

    static final class ItemFailure extends RuntimeException {
        final String code;

        ItemFailure(String code, String message) {
            super(code + ": " + message, null, false, false);
            this.code = code;
        }
    }
}

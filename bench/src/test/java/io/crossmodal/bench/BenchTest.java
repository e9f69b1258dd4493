package io.crossmodal.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossmodal.common.v1.Embedding;
import io.crossmodal.fusion.v1.EncodeRequest;
import io.crossmodal.fusion.v1.EncodeResponse;
import io.crossmodal.fusion.v1.EncodeResult;
import io.crossmodal.fusion.v1.FusionServiceGrpc;
import io.crossmodal.text.v1.EmbedRequest;
import io.crossmodal.text.v1.EmbedResponse;
import io.crossmodal.text.v1.EmbedResult;
import io.crossmodal.text.v1.TextServiceGrpc;
import io.crossmodal.vision.v1.DescribeImageRequest;
import io.crossmodal.vision.v1.DescribeImageResponse;
import io.crossmodal.vision.v1.DetectObjectsRequest;
import io.crossmodal.vision.v1.DetectObjectsResponse;
import io.crossmodal.vision.v1.EmbedImageResult;
import io.crossmodal.vision.v1.EmbedImagesRequest;
import io.crossmodal.vision.v1.EmbedImagesResponse;
import io.crossmodal.vision.v1.ReadTextRequest;
import io.crossmodal.vision.v1.ReadTextResponse;
import io.crossmodal.vision.v1.VisionServiceGrpc;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchTest {

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
        int code = Bench.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    /** Text-service and gateway doubles on one Netty server: the grpc mode's loop, counting and error keys. */
    @Test
    void grpcModeAgainstAFakeServer() throws Exception {
        AtomicLong embeds = new AtomicLong();
        AtomicLong encodes = new AtomicLong();
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(new TextServiceGrpc.TextServiceImplBase() {
                    @Override
                    public void embed(EmbedRequest request, StreamObserver<EmbedResponse> observer) {
                        // Every 10th call is refused, as an overloaded service would.
                        if (embeds.incrementAndGet() % 10 == 0) {
                            observer.onError(Status.RESOURCE_EXHAUSTED
                                    .withDescription("queue full")
                                    .asRuntimeException());
                            return;
                        }
                        observer.onNext(EmbedResponse.newBuilder()
                                .addResults(EmbedResult.newBuilder()
                                        .setStatus(com.google.rpc.Status.newBuilder()
                                                .setCode(0))
                                        .setEmbedding(vector())
                                        .setModel(request.getModel()))
                                .build());
                        observer.onCompleted();
                    }
                })
                .addService(new FusionServiceGrpc.FusionServiceImplBase() {
                    @Override
                    public void encode(EncodeRequest request, StreamObserver<EncodeResponse> observer) {
                        encodes.incrementAndGet();
                        observer.onNext(EncodeResponse.newBuilder()
                                .addResults(EncodeResult.newBuilder()
                                        .setStatus(com.google.rpc.Status.newBuilder()
                                                .setCode(0))
                                        .addEmbeddings(vector()))
                                .build());
                        observer.onCompleted();
                    }
                })
                .build()
                .start();
        try {
            String target = "127.0.0.1:" + server.getPort();
            Run text = run(
                    "grpc",
                    "--target",
                    target,
                    "--service",
                    "text",
                    "--model",
                    "m",
                    "--concurrency",
                    "1,3",
                    "--duration",
                    "1s",
                    "--warmup",
                    "200ms");
            assertEquals(0, text.code(), text.out() + text.err());
            List<Map<String, String>> results = text.results();
            assertEquals(2, results.size(), text.out());
            assertEquals("1", results.get(0).get("concurrency"));
            assertEquals("3", results.get(1).get("concurrency"));
            for (Map<String, String> result : results) {
                assertEquals("grpc", result.get("mode"));
                assertEquals("text", result.get("service"));
                long texts = Long.parseLong(result.get("texts"));
                long errors = Long.parseLong(result.get("errors"));
                assertTrue(texts > 0 && errors > 0, text.out());
                // One call in ten refused: the split is about 9:1.
                assertTrue(errors * 5 < texts && errors * 20 > texts, text.out());
                assertTrue(result.get("error_codes").matches("RESOURCE_EXHAUSTED:\\d+"), text.out());
            }

            Run gateway = run(
                    "grpc",
                    "--target",
                    target,
                    "--service",
                    "gateway",
                    "--concurrency",
                    "2",
                    "--duration",
                    "1s",
                    "--warmup",
                    "0s");
            assertEquals(0, gateway.code(), gateway.out() + gateway.err());
            Map<String, String> result = gateway.results().get(0);
            assertEquals("gateway", result.get("service"));
            assertEquals("auto", result.get("model"));
            assertEquals("0", result.get("errors"));
            assertTrue(Double.parseDouble(result.get("texts_per_s")) > 0);
            assertTrue(encodes.get() >= Long.parseLong(result.get("texts")));
        } finally {
            server.shutdownNow();
            server.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /**
     * A vision-service double: every task in turn at two concurrencies, the image file's bytes in every request,
     * an EmbedImages item failure counted as item:CODE, and the memory of the "server" (this JVM) reported.
     */
    @Test
    void grpcVisionModeAgainstAFakeServer(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("small image.png");
        ImageIO.write(new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB), "png", png.toFile());
        byte[] bytes = Files.readAllBytes(png);
        Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
        Map<String, byte[]> received = new ConcurrentHashMap<>();
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(new VisionServiceGrpc.VisionServiceImplBase() {
                    private long count(String rpc, com.google.protobuf.ByteString image) {
                        received.put(rpc, image.toByteArray());
                        return calls.computeIfAbsent(rpc, k -> new AtomicLong()).incrementAndGet();
                    }

                    @Override
                    public void detectObjects(
                            DetectObjectsRequest request, StreamObserver<DetectObjectsResponse> observer) {
                        count("detect", request.getImage().getData());
                        observer.onNext(DetectObjectsResponse.newBuilder()
                                .setModel(request.getModel())
                                .build());
                        observer.onCompleted();
                    }

                    @Override
                    public void embedImages(EmbedImagesRequest request, StreamObserver<EmbedImagesResponse> observer) {
                        // Every 10th image is refused in its own status, the call succeeds.
                        boolean refused = count("embed", request.getImages(0).getData()) % 10 == 0;
                        observer.onNext(EmbedImagesResponse.newBuilder()
                                .addResults(
                                        refused
                                                ? EmbedImageResult.newBuilder()
                                                        .setStatus(com.google.rpc.Status.newBuilder()
                                                                .setCode(Status.Code.INVALID_ARGUMENT.value()))
                                                : EmbedImageResult.newBuilder()
                                                        .setStatus(com.google.rpc.Status.newBuilder()
                                                                .setCode(0))
                                                        .setEmbedding(vector()))
                                .build());
                        observer.onCompleted();
                    }

                    @Override
                    public void readText(ReadTextRequest request, StreamObserver<ReadTextResponse> observer) {
                        count("read-text", request.getImage().getData());
                        observer.onNext(ReadTextResponse.getDefaultInstance());
                        observer.onCompleted();
                    }

                    @Override
                    public void describeImage(
                            DescribeImageRequest request, StreamObserver<DescribeImageResponse> observer) {
                        count("describe", request.getImage().getData());
                        observer.onNext(DescribeImageResponse.newBuilder()
                                .setDescription("cat")
                                .build());
                        observer.onCompleted();
                    }
                })
                .build()
                .start();
        try {
            String target = "127.0.0.1:" + server.getPort();
            Run r = run(
                    "grpc",
                    "--service",
                    "vision",
                    "--target",
                    target,
                    "--task",
                    "detect,embed,read-text,describe",
                    "--image",
                    png.toString(),
                    "--concurrency",
                    "1,2",
                    "--duration",
                    "500ms",
                    "--warmup",
                    "100ms",
                    "--server-pid",
                    Long.toString(ProcessHandle.current().pid()));
            assertEquals(0, r.code(), r.out() + r.err());
            List<Map<String, String>> results = r.results();
            assertEquals(
                    List.of("detect", "detect", "embed", "embed", "read-text", "read-text", "describe", "describe"),
                    results.stream().map(m -> m.get("task")).toList(),
                    r.out());
            assertEquals(
                    List.of("1", "2", "1", "2", "1", "2", "1", "2"),
                    results.stream().map(m -> m.get("concurrency")).toList(),
                    r.out());
            for (Map<String, String> result : results) {
                assertEquals("vision", result.get("service"));
                assertEquals("auto", result.get("model"), "the double lists no model");
                assertFalse(result.containsKey("texts") || result.containsKey("texts_per_s"), r.out());
                assertTrue(Long.parseLong(result.get("images")) > 0, r.out());
                assertTrue(Double.parseDouble(result.get("images_per_s")) > 0, r.out());
                assertEquals("small_image.png", result.get("image"));
                assertEquals(Integer.toString(bytes.length), result.get("image_bytes"));
                assertEquals("40x30", result.get("image_size"));
                assertEquals(Long.toString(ProcessHandle.current().pid()), result.get("server_pid"));
                assertEquals("run", result.get("server_peak_scope"), r.out());
                assertTrue(Double.parseDouble(result.get("server_cpu_pct")) >= 0, r.out());
                assertTrue(
                        Double.parseDouble(result.get("server_peak_rss_mib"))
                                >= Double.parseDouble(result.get("server_rss_end_mib")),
                        r.out());
                if (result.get("task").equals("embed")) {
                    assertTrue(result.get("error_codes").matches("item:INVALID_ARGUMENT:\\d+"), r.out());
                } else {
                    assertEquals("0", result.get("errors"), r.out());
                }
            }
            for (String rpc : List.of("detect", "embed", "read-text", "describe")) {
                assertArrayEquals(bytes, received.get(rpc), rpc + " got the image file");
            }
            assertTrue(r.out().contains("task=read-text  concurrency=2 =="), r.out());
            assertTrue(r.out().contains("  images/s "), r.out());
        } finally {
            server.shutdownNow();
            server.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void visionOptionsAreCheckedBeforeAnyCall(@TempDir Path dir) {
        Run textWithTask = run("grpc", "--service", "text", "--task", "detect", "--duration", "1s");
        assertEquals(2, textWithTask.code(), textWithTask.err());
        assertTrue(textWithTask.err().contains("--task and --image are for --service vision only"), textWithTask.err());
        Run unknownTask = run("grpc", "--service", "vision", "--task", "detect,ocr");
        assertEquals(2, unknownTask.code(), unknownTask.err());
        assertTrue(unknownTask.err().contains("'ocr' is not a vision task"), unknownTask.err());
        Run noImage = run(
                "grpc",
                "--service",
                "vision",
                "--image",
                dir.resolve("missing.png").toString());
        assertEquals(2, noImage.code(), noImage.err());
        assertTrue(noImage.err().contains("No image at"), noImage.err());
        Run noProcess = run("grpc", "--service", "vision", "--server-pid", "0");
        assertEquals(2, noProcess.code(), noProcess.err());
        assertTrue(noProcess.err().contains("--server-pid 0: cannot read its memory"), noProcess.err());
    }

    @Test
    void unreachableServerCountsUnavailable() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Run r = run(
                "grpc", "--target", "127.0.0.1:" + port, "--concurrency", "1", "--duration", "1s", "--warmup", "0s");
        assertEquals(1, r.code(), "nothing measured is a failure: " + r.out());
        assertTrue(r.err().contains("completed no text"), r.err());
        Map<String, String> result = r.results().get(0);
        assertEquals("0", result.get("texts"));
        assertTrue(result.get("error_codes").startsWith("UNAVAILABLE:"), r.out());
    }

    private static Embedding vector() {
        return Embedding.newBuilder()
                .setSpaceId("fake@1#r1")
                .setDimension(2)
                .addValues(0.6f)
                .addValues(0.8f)
                .build();
    }
}

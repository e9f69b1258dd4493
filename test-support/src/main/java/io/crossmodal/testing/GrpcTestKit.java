package io.crossmodal.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.rpc.ErrorInfo;
import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse.ServingStatus;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the tests of the Crossmodal services and of the gateway share: a plaintext channel, a wait for gRPC health,
 * the services listed by reflection, Prometheus samples, google.rpc error details and cosine similarity. The ports
 * stay with each module's tests.
 */
public final class GrpcTestKit {

    /** The deadline of a single health check. */
    private static final Duration HEALTH_CHECK_DEADLINE = Duration.ofSeconds(10);

    private static final long POLL_MILLIS = 200;

    private GrpcTestKit() {}

    /** A plaintext channel to localhost:{@code port}; the caller shuts it down. */
    public static ManagedChannel channel(int port) {
        return ManagedChannelBuilder.forAddress("localhost", port)
                .usePlaintext()
                .build();
    }

    /** One grpc.health.v1 check of {@code service} ("" for the whole server). */
    public static ServingStatus health(ManagedChannel channel, String service) {
        return HealthGrpc.newBlockingStub(channel)
                .withDeadlineAfter(HEALTH_CHECK_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                .check(HealthCheckRequest.newBuilder().setService(service).build())
                .getStatus();
    }

    /**
     * Polls health until {@code service} ("" for the whole server) reports SERVING; a server that is not listening
     * yet (UNAVAILABLE) or too slow to answer (DEADLINE_EXCEEDED) counts as not serving yet.
     *
     * @throws AssertionError if it is not SERVING within {@code timeout}
     */
    public static void awaitServing(ManagedChannel channel, String service, Duration timeout)
            throws InterruptedException {
        awaitServing(channel, service, timeout, () -> {});
    }

    /**
     * As {@link #awaitServing(ManagedChannel, String, Duration)}, running {@code beforeEachCheck} before every check;
     * it may throw to give up early (say, when the process serving the channel has exited).
     */
    public static void awaitServing(ManagedChannel channel, String service, Duration timeout, Runnable beforeEachCheck)
            throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        Object last = null;
        while (System.nanoTime() < end) {
            beforeEachCheck.run();
            try {
                ServingStatus status = health(channel, service);
                if (status == ServingStatus.SERVING) {
                    return;
                }
                last = status;
            } catch (StatusRuntimeException e) {
                Status.Code code = e.getStatus().getCode();
                if (code != Status.Code.UNAVAILABLE && code != Status.Code.DEADLINE_EXCEEDED) {
                    throw e;
                }
                last = e.getStatus(); // not listening yet
            }
            Thread.sleep(POLL_MILLIS);
        }
        throw new AssertionError((service.isEmpty() ? "Service" : service) + " not SERVING after " + timeout
                + " (last status " + last + ")");
    }

    /** The service names server reflection (grpc.reflection.v1) lists. */
    public static List<String> reflectedServices(ManagedChannel channel)
            throws InterruptedException, ExecutionException, TimeoutException {
        CompletableFuture<List<String>> names = new CompletableFuture<>();
        StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
                .serverReflectionInfo(new StreamObserver<>() {
                    @Override
                    public void onNext(ServerReflectionResponse value) {
                        names.complete(value.getListServicesResponse().getServiceList().stream()
                                .map(s -> s.getName())
                                .toList());
                    }

                    @Override
                    public void onError(Throwable t) {
                        names.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {}
                });
        requests.onNext(
                ServerReflectionRequest.newBuilder().setListServices("*").build());
        List<String> services = names.get(10, TimeUnit.SECONDS);
        requests.onCompleted();
        return services;
    }

    /** The Prometheus text of http://localhost:{@code httpPort}/q/metrics, after checking it answered 200. */
    public static String scrapeMetrics(int httpPort) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + "/q/metrics"))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        return response.body();
    }

    /**
     * The value of the first sample of {@code name} whose labels contain every one of {@code labels} (fragments such
     * as {@code model="x"}); empty if there is none.
     */
    public static OptionalDouble sample(String metrics, String name, String... labels) {
        Matcher m = Pattern.compile("^" + Pattern.quote(name) + "\\{([^}]*)} (\\S+)$", Pattern.MULTILINE)
                .matcher(metrics);
        while (m.find()) {
            String found = m.group(1);
            if (Arrays.stream(labels).allMatch(found::contains)) {
                return OptionalDouble.of(Double.parseDouble(m.group(2)));
            }
        }
        return OptionalDouble.empty();
    }

    /**
     * Scrapes until a sample of {@code name} with all of {@code labels} is at least 1 (a server records a call as it
     * closes it, which may be a moment after the client has its answer), for up to 5 seconds; the last value seen,
     * -1 if none.
     */
    public static double awaitSample(int httpPort, String name, String... labels)
            throws IOException, InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        double value = sample(scrapeMetrics(httpPort), name, labels).orElse(-1);
        while (value < 1 && System.nanoTime() < end) {
            Thread.sleep(100);
            value = sample(scrapeMetrics(httpPort), name, labels).orElse(-1);
        }
        return value;
    }

    /**
     * The first detail of {@code type} (BadRequest, RetryInfo, ErrorInfo, ...) in {@code status}.
     *
     * @throws AssertionError if there is none
     */
    public static <T extends Message> T detail(com.google.rpc.Status status, Class<T> type) {
        for (Any any : status.getDetailsList()) {
            if (any.is(type)) {
                try {
                    return any.unpack(type);
                } catch (InvalidProtocolBufferException e) {
                    throw new AssertionError(e);
                }
            }
        }
        throw new AssertionError("No " + type.getSimpleName() + " in " + status);
    }

    /**
     * The {@code google.rpc.Status} an error carries in its trailers.
     *
     * @throws AssertionError if it has none, or if its code disagrees with the gRPC status
     */
    public static com.google.rpc.Status richStatus(StatusRuntimeException e) {
        com.google.rpc.Status status = io.grpc.protobuf.StatusProto.fromThrowable(e);
        if (status == null) {
            throw new AssertionError("no google.rpc.Status in the trailers of " + e);
        }
        if (status.getCode() != e.getStatus().getCode().value()) {
            throw new AssertionError(
                    "rich status " + status.getCode() + " and gRPC status " + e.getStatus() + " disagree");
        }
        return status;
    }

    /**
     * The ErrorInfo of {@code status}, which must be in Crossmodal's domain.
     *
     * @throws AssertionError if there is none or its domain is another
     */
    public static com.google.rpc.ErrorInfo errorInfo(com.google.rpc.Status status) {
        com.google.rpc.ErrorInfo info = detail(status, com.google.rpc.ErrorInfo.class);
        if (!"crossmodal.io".equals(info.getDomain())) {
            throw new AssertionError("ErrorInfo domain " + info.getDomain() + ", not crossmodal.io");
        }
        return info;
    }

    /** The RetryInfo delay of {@code status}; AssertionError if it has none. */
    public static Duration retryDelay(com.google.rpc.Status status) {
        com.google.rpc.RetryInfo retry = detail(status, com.google.rpc.RetryInfo.class);
        return Duration.ofSeconds(
                retry.getRetryDelay().getSeconds(), retry.getRetryDelay().getNanos());
    }

    /** UNIMPLEMENTED with exactly this message and an ErrorInfo saying the model is not installed. */
    public static void assertModelNotInstalled(Throwable error, String message) {
        if (!(error instanceof StatusRuntimeException e)) {
            throw new AssertionError("Not a gRPC error: " + error, error);
        }
        assertEquals(Status.Code.UNIMPLEMENTED, e.getStatus().getCode(), String.valueOf(e.getStatus()));
        assertEquals(message, e.getStatus().getDescription());
        com.google.rpc.Status details = StatusProto.fromThrowable(e);
        assertNotNull(details, "no google.rpc.Status details");
        boolean hasInfo = details.getDetailsList().stream().anyMatch(any -> any.is(ErrorInfo.class));
        assertTrue(hasInfo, "no ErrorInfo in " + details);
        ErrorInfo info = detail(details, ErrorInfo.class);
        assertEquals("MODEL_NOT_INSTALLED", info.getReason());
        assertEquals("crossmodal.io", info.getDomain());
    }

    /** Cosine similarity of two vectors of the same length. */
    public static double cosine(List<Float> a, List<Float> b) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.size(); i++) {
            dot += a.get(i) * b.get(i);
            na += a.get(i) * a.get(i);
            nb += b.get(i) * b.get(i);
        }
        return dot / Math.sqrt(na * nb);
    }
}

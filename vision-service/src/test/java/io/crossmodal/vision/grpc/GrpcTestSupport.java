package io.crossmodal.vision.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A plaintext channel to the service under test, a wait until its health says SERVING, and shared checks. */
final class GrpcTestSupport {

    /** gRPC test port (%test.quarkus.grpc.server.test-port). */
    static final int PORT = 19092;

    /** HTTP test port for metrics (%test.quarkus.http.test-port). */
    static final int HTTP_PORT = 18082;

    private GrpcTestSupport() {}

    static ManagedChannel channel() {
        return ManagedChannelBuilder.forAddress("localhost", PORT).usePlaintext().build();
    }

    static ServingStatus health(ManagedChannel channel, String service) {
        return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus();
    }

    /** Tests begin once the service reports SERVING. */
    static void awaitServing(ManagedChannel channel, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        ServingStatus last = null;
        while (System.nanoTime() < end) {
            last = health(channel, "");
            if (last == ServingStatus.SERVING) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("Service not SERVING after " + timeout + " (last status " + last + ")");
    }

    /** The service names server reflection lists. */
    static List<String> reflectedServices(ManagedChannel channel) throws Exception {
        CompletableFuture<List<String>> names = new CompletableFuture<>();
        StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
                .serverReflectionInfo(new StreamObserver<>() {
                    @Override
                    public void onNext(ServerReflectionResponse value) {
                        names.complete(value.getListServicesResponse().getServiceList().stream()
                                .map(s -> s.getName()).toList());
                    }

                    @Override
                    public void onError(Throwable t) {
                        names.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {}
                });
        requests.onNext(ServerReflectionRequest.newBuilder().setListServices("*").build());
        List<String> services = names.get(10, TimeUnit.SECONDS);
        requests.onCompleted();
        return services;
    }

    /** UNIMPLEMENTED with exactly this message and an ErrorInfo saying the model is not installed. */
    static void assertNotInstalled(Throwable error, String message) {
        if (!(error instanceof StatusRuntimeException e)) {
            throw new AssertionError("Not a gRPC error: " + error, error);
        }
        assertEquals(Status.Code.UNIMPLEMENTED, e.getStatus().getCode(), String.valueOf(e.getStatus()));
        assertEquals(message, e.getStatus().getDescription());
        com.google.rpc.Status details = StatusProto.fromThrowable(e);
        assertNotNull(details, "no google.rpc.Status details");
        ErrorInfo info = null;
        for (com.google.protobuf.Any any : details.getDetailsList()) {
            if (any.is(ErrorInfo.class)) {
                try {
                    info = any.unpack(ErrorInfo.class);
                } catch (com.google.protobuf.InvalidProtocolBufferException bad) {
                    throw new AssertionError(bad);
                }
            }
        }
        assertNotNull(info, "no ErrorInfo in " + details);
        assertEquals("MODEL_NOT_INSTALLED", info.getReason());
        assertEquals("crossmodal.io", info.getDomain());
    }

    /** The value of the first sample of {@code name} whose labels contain every one of {@code labels}; -1 if none. */
    static double sampleValue(String metrics, String name, String... labels) {
        Matcher m = Pattern.compile("^" + Pattern.quote(name) + "\\{([^}]*)} (\\S+)$", Pattern.MULTILINE)
                .matcher(metrics);
        while (m.find()) {
            String found = m.group(1);
            if (java.util.Arrays.stream(labels).allMatch(found::contains)) {
                return Double.parseDouble(m.group(2));
            }
        }
        return -1;
    }

    /**
     * Scrapes until a sample of {@code name} with all of {@code labels} is at least 1 (the server records a call as
     * it closes it, which may be a moment after the client has its answer); the last value seen, -1 if none.
     */
    static double awaitSample(String name, String... labels) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        double value = sampleValue(scrapeMetrics(), name, labels);
        while (value < 1 && System.nanoTime() < end) {
            Thread.sleep(100);
            value = sampleValue(scrapeMetrics(), name, labels);
        }
        return value;
    }

    /** The Prometheus scrape, after checking it answered 200. */
    static String scrapeMetrics() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + HTTP_PORT + "/q/metrics"))
                        .timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        return response.body();
    }
}

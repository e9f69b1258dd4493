package io.crossmodal.text.grpc;

import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse.ServingStatus;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.time.Duration;

/** A plaintext channel to the service under test, and a wait until its health says SERVING. */
final class GrpcTestSupport {

    /** gRPC test port (quarkus.grpc.server.test-port). */
    static final int PORT = 19091;

    /** HTTP test port for metrics and /q/health (quarkus.http.test-port). */
    static final int HTTP_PORT = 18081;

    private GrpcTestSupport() {}

    static ManagedChannel channel() {
        return ManagedChannelBuilder.forAddress("localhost", PORT).usePlaintext().build();
    }

    /** Models load in the background after start-up; tests begin once the service reports SERVING. */
    static void awaitServing(ManagedChannel channel, Duration timeout) throws InterruptedException {
        HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel);
        long end = System.nanoTime() + timeout.toNanos();
        ServingStatus last = null;
        while (System.nanoTime() < end) {
            last = health.check(HealthCheckRequest.newBuilder().setService("").build()).getStatus();
            if (last == ServingStatus.SERVING) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("Service not SERVING after " + timeout + " (last status " + last + ")");
    }

    static double cosine(java.util.List<Float> a, java.util.List<Float> b) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.size(); i++) {
            dot += a.get(i) * b.get(i);
            na += a.get(i) * a.get(i);
            nb += b.get(i) * b.get(i);
        }
        return dot / Math.sqrt(na * nb);
    }
}

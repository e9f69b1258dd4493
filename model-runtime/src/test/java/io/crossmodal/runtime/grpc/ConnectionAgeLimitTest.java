package io.crossmodal.runtime.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Attributes;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerTransportFilter;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A real Netty server and client: with the limit, one long-lived channel is carried by several connections. */
class ConnectionAgeLimitTest {

    private static int connectionsFor(Duration age) throws Exception {
        AtomicInteger connections = new AtomicInteger();
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(new HealthStatusManager().getHealthService())
                .addTransportFilter(new ServerTransportFilter() {
                    @Override
                    public Attributes transportReady(Attributes attributes) {
                        connections.incrementAndGet();
                        return attributes;
                    }
                });
        ConnectionAgeLimit.apply(builder, age, Duration.ofMillis(100));
        Server server = builder.build().start();
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
        try {
            HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel);
            for (int i = 0; i < 4; i++) {
                assertEquals(ServingStatus.SERVING, health.withDeadlineAfter(5, TimeUnit.SECONDS)
                        .check(HealthCheckRequest.getDefaultInstance()).getStatus());
                Thread.sleep(700);
            }
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        return connections.get();
    }

    @Test
    void connectionsAreRenewedAfterTheAgeAndKeptWithoutALimit() throws Exception {
        int aged = connectionsFor(Duration.ofMillis(500));
        int unlimited = connectionsFor(Duration.ZERO);
        assertEquals(1, unlimited, "without a limit one connection carries every call");
        assertTrue(aged >= 3, "with a 500 ms limit, calls 700 ms apart need new connections: " + aged);
    }

    @Test
    void negativeDurationsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ConnectionAgeLimit.apply(
                NettyServerBuilder.forPort(0), Duration.ofSeconds(-1), Duration.ZERO));
    }
}

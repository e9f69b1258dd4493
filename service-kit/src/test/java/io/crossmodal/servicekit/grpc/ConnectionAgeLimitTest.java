package io.crossmodal.servicekit.grpc;

import static org.awaitility.Awaitility.await;
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
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/** A real Netty server and client: with the limit, one long-lived channel is carried by several connections. */
class ConnectionAgeLimitTest {

    /** Connections opened and closed on a server, and the calls of one long-lived client channel to it. */
    private static final class Probe implements AutoCloseable {
        final AtomicInteger opened = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();
        final Server server;
        final ManagedChannel channel;

        Probe(Duration age) throws Exception {
            NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                    .addService(new HealthStatusManager().getHealthService())
                    .addTransportFilter(new ServerTransportFilter() {
                        @Override
                        public Attributes transportReady(Attributes attributes) {
                            opened.incrementAndGet();
                            return attributes;
                        }

                        @Override
                        public void transportTerminated(Attributes attributes) {
                            closed.incrementAndGet();
                        }
                    });
            ConnectionAgeLimit.apply(builder, age, Duration.ofMillis(100));
            server = builder.build().start();
            channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort())
                    .usePlaintext()
                    .build();
        }

        void call() {
            assertEquals(
                    ServingStatus.SERVING,
                    HealthGrpc.newBlockingStub(channel)
                            .withDeadlineAfter(10, TimeUnit.SECONDS)
                            .check(HealthCheckRequest.getDefaultInstance())
                            .getStatus());
        }

        /** Waits up to 10 s for {@code n} connections to have closed; false if they did not. */
        boolean awaitClosed(int n) {
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> closed.get() >= n);
                return true;
            } catch (ConditionTimeoutException e) {
                return false;
            }
        }

        @Override
        public void close() throws InterruptedException {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void theServerClosesAgedConnectionsAndTheChannelCarriesOnOverNewOnes() throws Exception {
        try (Probe probe = new Probe(Duration.ofMillis(300))) {
            for (int i = 1; i <= 3; i++) {
                probe.call();
                assertEquals(i, probe.opened.get(), "call " + i + " came over a new connection");
                assertTrue(probe.awaitClosed(i), "connection " + i + " was closed by its age");
            }
        }
    }

    @Test
    void withoutALimitOneConnectionCarriesEveryCall() throws Exception {
        try (Probe probe = new Probe(Duration.ZERO)) {
            for (int i = 0; i < 3; i++) {
                probe.call();
                // longer than the limit the other test sets: a limit would have closed the connection by now
                await().during(Duration.ofMillis(400))
                        .atMost(Duration.ofSeconds(2))
                        .until(() -> probe.closed.get() == 0);
            }
            assertEquals(1, probe.opened.get());
            assertEquals(0, probe.closed.get());
        }
    }

    @Test
    void negativeDurationsAreRefused() {
        assertThrows(
                IllegalArgumentException.class,
                () -> ConnectionAgeLimit.apply(NettyServerBuilder.forPort(0), Duration.ofSeconds(-1), Duration.ZERO));
    }
}

package io.crossmodal.servicekit.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The counter on a real grpc-java (Netty) server: a slow call is counted until it ends, however it ends. */
class InFlightCallsTest {

    private static final MethodDescriptor<String, String> SLOW = StringCalls.unary("test.Slow/Echo");

    private final InFlightCalls.CallCounter counter = new InFlightCalls.CallCounter();
    private final CountDownLatch started = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private Server server;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws IOException {
        ServerServiceDefinition slow = ServerServiceDefinition.builder("test.Slow")
                .addMethod(SLOW, ServerCalls.asyncUnaryCall((request, response) -> {
                    // like the services: the work goes on elsewhere and answers later
                    started.countDown();
                    new Thread(() -> {
                                try {
                                    if (release.await(10, TimeUnit.SECONDS)) {
                                        response.onNext("done: " + request);
                                        response.onCompleted();
                                    }
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                } catch (RuntimeException cancelled) {
                                    // the call was cancelled meanwhile
                                }
                            })
                            .start();
                }))
                .build();
        server = NettyServerBuilder.forAddress(new java.net.InetSocketAddress("127.0.0.1", 0))
                .addService(ServerInterceptors.intercept(slow, counter::track))
                .build()
                .start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort())
                .usePlaintext()
                .build();
    }

    @AfterEach
    void stop() throws InterruptedException {
        release.countDown();
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void aRunningCallIsCountedAndShutdownWaitsForIt() throws Exception {
        var reply = ClientCalls.futureUnaryCall(channel.newCall(SLOW, CallOptions.DEFAULT), "a");
        assertTrue(started.await(5, TimeUnit.SECONDS));
        assertEquals(1, counter.inFlight());
        assertFalse(counter.awaitIdle(Duration.ofMillis(200)), "still running: the drain must time out");
        new Thread(() -> {
                    sleep(300);
                    release.countDown();
                })
                .start();
        long t0 = System.nanoTime();
        assertTrue(counter.awaitIdle(Duration.ofSeconds(5)), "the drain ends when the call does");
        assertTrue(System.nanoTime() - t0 >= 250_000_000L, "it waited for the call");
        assertEquals("done: a", reply.get(5, TimeUnit.SECONDS));
        assertEquals(0, counter.inFlight());
    }

    @Test
    void aCancelledCallIsNoLongerCounted() throws Exception {
        ClientCall<String, String> call = channel.newCall(SLOW, CallOptions.DEFAULT);
        ClientCalls.futureUnaryCall(call, "b");
        assertTrue(started.await(5, TimeUnit.SECONDS));
        assertEquals(1, counter.inFlight());
        call.cancel("client gave up", null);
        assertTrue(counter.awaitIdle(Duration.ofSeconds(5)), "cancelled: " + counter.inFlight());
        assertEquals(0, counter.inFlight());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

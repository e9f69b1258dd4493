package io.crossmodal.text.grpc;

import io.crossmodal.testing.GrpcTestKit;
import io.grpc.ManagedChannel;

/** Where the text service under test listens; the shared helpers are in {@link GrpcTestKit}. */
final class GrpcTestSupport {

    /** gRPC test port (quarkus.grpc.server.test-port). */
    static final int PORT = 19091;

    /** HTTP test port for metrics and /q/health (quarkus.http.test-port). */
    static final int HTTP_PORT = 18081;

    private GrpcTestSupport() {}

    static ManagedChannel channel() {
        return GrpcTestKit.channel(PORT);
    }
}

package io.crossmodal.fusion;

import io.crossmodal.testing.GrpcTestKit;
import io.grpc.ManagedChannel;

/** Where the gateway under test listens; the shared helpers are in {@link GrpcTestKit}. */
public final class GatewayTestSupport {

    /** The gateway's gRPC test port (quarkus.grpc.server.test-port). */
    public static final int GATEWAY_PORT = 19090;

    /** The gateway's HTTP test port (quarkus.http.test-port): metrics and health. */
    public static final int GATEWAY_HTTP_PORT = 18080;

    private GatewayTestSupport() {}

    public static ManagedChannel gatewayChannel() {
        return GrpcTestKit.channel(GATEWAY_PORT);
    }
}

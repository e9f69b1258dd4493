package io.crossmodal.fusion;

import com.google.protobuf.Any;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.util.List;

/** Helpers shared by the gateway tests. */
public final class GatewayTestSupport {

    /** The gateway's gRPC test port (quarkus.grpc.server.test-port). */
    public static final int GATEWAY_PORT = 19090;

    private GatewayTestSupport() {}

    public static ManagedChannel gatewayChannel() {
        return ManagedChannelBuilder.forAddress("localhost", GATEWAY_PORT).usePlaintext().build();
    }

    public static double cosine(List<Float> a, List<Float> b) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.size(); i++) {
            dot += a.get(i) * b.get(i);
            na += a.get(i) * a.get(i);
            nb += b.get(i) * b.get(i);
        }
        return dot / Math.sqrt(na * nb);
    }

    public static <T extends com.google.protobuf.Message> T detail(com.google.rpc.Status status, Class<T> type) {
        for (Any any : status.getDetailsList()) {
            if (any.is(type)) {
                try {
                    return any.unpack(type);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }
        }
        throw new AssertionError("No " + type.getSimpleName() + " in " + status);
    }
}

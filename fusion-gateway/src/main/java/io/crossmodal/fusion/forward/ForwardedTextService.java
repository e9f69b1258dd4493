package io.crossmodal.fusion.forward;

import io.crossmodal.fusion.config.GatewayConfig;
import io.crossmodal.text.v1.TextServiceGrpc;
import io.grpc.BindableService;
import io.grpc.Channel;
import io.grpc.ServerServiceDefinition;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.grpc.GrpcService;

/** {@code TextService} on the gateway's port: every call forwarded to text-service (the {@code text} client). */
@GrpcService
public class ForwardedTextService implements BindableService {

    private final Channel channel;
    private final GatewayConfig config;

    public ForwardedTextService(@GrpcClient("text") Channel channel, GatewayConfig config) {
        this.channel = channel;
        this.config = config;
    }

    @Override
    public ServerServiceDefinition bindService() {
        return Forwarder.forward(
                TextServiceGrpc.getServiceDescriptor(), channel, "text-service", config.unavailableRetryAfter());
    }
}

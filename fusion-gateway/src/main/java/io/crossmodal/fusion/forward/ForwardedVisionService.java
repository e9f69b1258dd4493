package io.crossmodal.fusion.forward;

import io.crossmodal.fusion.config.GatewayConfig;
import io.crossmodal.vision.v1.VisionServiceGrpc;
import io.grpc.BindableService;
import io.grpc.Channel;
import io.grpc.ServerServiceDefinition;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.grpc.GrpcService;

/** {@code VisionService} on the gateway's port: every call forwarded to vision-service (the {@code vision} client). */
@GrpcService
public class ForwardedVisionService implements BindableService {

    private final Channel channel;
    private final GatewayConfig config;

    public ForwardedVisionService(@GrpcClient("vision") Channel channel, GatewayConfig config) {
        this.channel = channel;
        this.config = config;
    }

    @Override
    public ServerServiceDefinition bindService() {
        return Forwarder.forward(
                VisionServiceGrpc.getServiceDescriptor(), channel, "vision-service", config.unavailableRetryAfter());
    }
}

package io.crossmodal.fusion.forward;

import io.crossmodal.audio.v1.AudioServiceGrpc;
import io.crossmodal.fusion.config.GatewayConfig;
import io.grpc.BindableService;
import io.grpc.Channel;
import io.grpc.ServerServiceDefinition;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.grpc.GrpcService;

/** {@code AudioService} on the gateway's port: every call forwarded to audio-service (the {@code audio} client). */
@GrpcService
public class ForwardedAudioService implements BindableService {

    private final Channel channel;
    private final GatewayConfig config;

    public ForwardedAudioService(@GrpcClient("audio") Channel channel, GatewayConfig config) {
        this.channel = channel;
        this.config = config;
    }

    @Override
    public ServerServiceDefinition bindService() {
        return Forwarder.forward(
                AudioServiceGrpc.getServiceDescriptor(), channel, "audio-service", config.unavailableRetryAfter());
    }
}

package io.crossmodal.servicekit.grpc;

import io.crossmodal.servicekit.config.GrpcServerConfig;
import io.grpc.netty.NettyServerBuilder;
import io.quarkus.grpc.api.ServerBuilderCustomizer;
import io.quarkus.grpc.runtime.config.GrpcServerConfiguration;
import io.vertx.grpc.VertxServerBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes every client connection gracefully after {@code crossmodal.grpc.max-connection-age} (default 2 minutes;
 * in-flight calls get {@code crossmodal.grpc.max-connection-age-grace}, default 30 s, to finish).
 *
 * <p>Why: the gateway balances over the encoder pods client-side (round_robin over a headless Service's DNS
 * records), and grpc-java's DNS resolver only resolves again when a connection drops. Without an age limit, pods
 * added by the autoscaler would get no traffic from a gateway that is already connected; with it, each connection is
 * renewed within minutes, and the renewal resolves the pods anew. Quarkus has no configuration key for this Netty
 * setting, hence the customizer. {@code 0} turns the limit off.
 *
 * <p>A bean of every service: service-kit ships a {@code beans.xml}, so Quarkus indexes it.
 */
@ApplicationScoped
public class ConnectionAgeLimit implements ServerBuilderCustomizer<VertxServerBuilder> {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionAgeLimit.class);

    private final GrpcServerConfig settings;

    public ConnectionAgeLimit(GrpcServerConfig settings) {
        this.settings = settings;
    }

    @Override
    public void customize(GrpcServerConfiguration config, VertxServerBuilder builder) {
        // Quarkus' separate gRPC server (the services' setting) is Vert.x's wrapper around grpc-java's Netty builder
        NettyServerBuilder netty = builder.nettyBuilder();
        Duration age = settings.maxConnectionAge();
        Duration grace = settings.maxConnectionAgeGrace();
        apply(netty, age, grace);
        LOG.info(
                "gRPC connections are closed gracefully after {} (grace {}); crossmodal.grpc.max-connection-age=0"
                        + " keeps them",
                age,
                grace);
    }

    /** Sets the limit on {@code builder}; a zero {@code age} leaves it unlimited. */
    public static void apply(NettyServerBuilder builder, Duration age, Duration grace) {
        if (age.isNegative() || grace.isNegative()) {
            throw new IllegalArgumentException(
                    "crossmodal.grpc.max-connection-age and -grace must not be negative: " + age + ", " + grace);
        }
        if (age.isZero()) {
            return;
        }
        builder.maxConnectionAge(age.toMillis(), TimeUnit.MILLISECONDS)
                .maxConnectionAgeGrace(grace.toMillis(), TimeUnit.MILLISECONDS);
    }
}

package io.crossmodal.fusion.metrics;

import io.crossmodal.common.v1.Modality;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;

/**
 * Latency of each encoder call the gateway makes: {@code crossmodal_gateway_fanout_seconds{modality, rpc, status}}.
 */
@ApplicationScoped
public class FanoutMetrics {

    private final MeterRegistry registry;

    public FanoutMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void record(Modality modality, String rpc, String status, long nanos) {
        Timer.builder("crossmodal.gateway.fanout")
                .description("Wall time of one gateway call to an encoder")
                .tag("modality", modality.name().replace("MODALITY_", "").toLowerCase())
                .tag("rpc", rpc)
                .tag("status", status)
                .publishPercentileHistogram()
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }
}

package io.crossmodal.runtime.metrics;

import io.crossmodal.runtime.batch.BatchMetrics;
import io.crossmodal.runtime.batch.RequestDroppedException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * The per-model inference metrics of DESIGN.md section 5, in Prometheus terms:
 *
 * <ul>
 *   <li>{@code crossmodal_batch_size} (histogram of items per batch)
 *   <li>{@code crossmodal_batch_cost} (histogram of batch cost in the model's cost unit)
 *   <li>{@code crossmodal_queue_wait_seconds} (histogram: submit to batch start)
 *   <li>{@code crossmodal_inference_duration_seconds} (histogram per batch, tag {@code outcome})
 *   <li>{@code crossmodal_queue_depth} (gauge)
 *   <li>{@code crossmodal_queue_rejected_total}, {@code crossmodal_queue_dropped_total} (tag {@code reason})
 * </ul>
 *
 * All carry only the low-cardinality tags {@code model} and {@code engine}.
 */
public final class MicrometerBatchMetrics implements BatchMetrics {

    private final MeterRegistry registry;
    private final Tags tags;
    private final DistributionSummary batchSize;
    private final DistributionSummary batchCost;
    private final Timer queueWait;
    private final Timer inferenceOk;
    private final Timer inferenceFailed;
    private final Counter rejected;
    private final Map<RequestDroppedException.Reason, Counter> dropped =
            new EnumMap<>(RequestDroppedException.Reason.class);

    public MicrometerBatchMetrics(MeterRegistry registry, String model, String engine, String costUnit) {
        this.registry = registry;
        this.tags = Tags.of("model", model, "engine", engine);
        this.batchSize = DistributionSummary.builder("crossmodal.batch.size")
                .description("Items per inference batch")
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128)
                .tags(tags)
                .register(registry);
        this.batchCost = DistributionSummary.builder("crossmodal.batch.cost")
                .description("Cost of one inference batch in the model's cost unit (" + costUnit + ")")
                .tags(tags)
                .tag("unit", costUnit)
                .register(registry);
        this.queueWait = Timer.builder("crossmodal.queue.wait")
                .description("Time an item waits in the model's queue before its batch starts")
                .publishPercentileHistogram()
                .tags(tags)
                .register(registry);
        this.inferenceOk = inferenceTimer("success");
        this.inferenceFailed = inferenceTimer("failure");
        this.rejected = Counter.builder("crossmodal.queue.rejected")
                .description("Submits refused because the model's queue was full")
                .tags(tags)
                .register(registry);
        for (RequestDroppedException.Reason reason : RequestDroppedException.Reason.values()) {
            dropped.put(
                    reason,
                    Counter.builder("crossmodal.queue.dropped")
                            .description("Items dropped before inference")
                            .tags(tags)
                            .tag("reason", reason.name().toLowerCase())
                            .register(registry));
        }
    }

    private Timer inferenceTimer(String outcome) {
        return Timer.builder("crossmodal.inference.duration")
                .description("Wall time of one inference batch")
                .publishPercentileHistogram()
                .tags(tags)
                .tag("outcome", outcome)
                .register(registry);
    }

    @Override
    public void batchStarted(int size, long cost) {
        batchSize.record(size);
        batchCost.record(cost);
    }

    @Override
    public void queueWait(long nanos) {
        queueWait.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void inference(long nanos, boolean success) {
        (success ? inferenceOk : inferenceFailed).record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void rejected() {
        rejected.increment();
    }

    @Override
    public void dropped(RequestDroppedException.Reason reason) {
        dropped.get(reason).increment();
    }

    @Override
    public void bindQueueDepth(IntSupplier depth) {
        Gauge.builder("crossmodal.queue.depth", depth, IntSupplier::getAsInt)
                .description("Items waiting in the model's queue")
                .tags(tags)
                .strongReference(true)
                .register(registry);
    }
}

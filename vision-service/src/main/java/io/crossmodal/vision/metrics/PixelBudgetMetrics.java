package io.crossmodal.vision.metrics;

import io.crossmodal.vision.inference.PixelBudget;
import io.crossmodal.vision.inference.VisionModels;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.quarkus.arc.Unremovable;
import jakarta.inject.Singleton;

/**
 * The in-flight pixel budget as Prometheus sees it: {@code crossmodal_vision_pixels_in_flight} (decoded pixels held by
 * calls in flight, 4 bytes each) next to {@code crossmodal_vision_pixels_in_flight_limit}. Calls are refused with
 * PIXEL_BUDGET when the first would pass the second; with no call in flight the first is 0, so a value that stays up
 * when the service is idle means pixels were not given back.
 */
@Singleton
@Unremovable
public class PixelBudgetMetrics implements MeterBinder {

    private final VisionModels models;

    public PixelBudgetMetrics(VisionModels models) {
        this.models = models;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        PixelBudget budget = models.intake().budget();
        Gauge.builder("crossmodal.vision.pixels.in.flight", budget, PixelBudget::inUse)
                .description("Decoded pixels held by calls in flight")
                .strongReference(true)
                .register(registry);
        Gauge.builder("crossmodal.vision.pixels.in.flight.limit", budget, PixelBudget::capacity)
                .description("Most decoded pixels calls in flight may hold (crossmodal.vision.max-pixels-in-flight, "
                        + "lowered to fit the heap)")
                .strongReference(true)
                .register(registry);
    }
}

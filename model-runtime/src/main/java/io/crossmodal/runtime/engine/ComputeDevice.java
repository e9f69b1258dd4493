package io.crossmodal.runtime.engine;

import ai.djl.Device;
import java.util.Locale;

/**
 * Where models run, chosen once per process by the {@code CROSSMODAL_DEVICE} environment variable (or the
 * {@code crossmodal.device} system property, which wins): {@code cpu} (the default), {@code gpu} or {@code auto}.
 *
 * <p>Why explicit rather than DJL's own default (a GPU whenever the engine sees one): a pod that was scheduled on a GPU
 * node and given {@code nvidia.com/gpu} must not silently fall back to the CPU because the image lacks the CUDA
 * natives or the driver is missing; with {@code gpu} the model fails to load with a message naming the cause, the
 * service stays NOT_SERVING and the startup probe makes it visible. {@code auto} is for development machines.
 */
public enum ComputeDevice {
    CPU,
    GPU,
    AUTO;

    public static final String ENV = "CROSSMODAL_DEVICE";
    public static final String PROPERTY = "crossmodal.device";

    /** The device this process is configured for: the system property, else the environment, else {@link #CPU}. */
    public static ComputeDevice configured() {
        String value = System.getProperty(PROPERTY);
        if (value == null || value.isBlank()) {
            value = System.getenv(ENV);
        }
        return value == null || value.isBlank() ? CPU : parse(value);
    }

    /** @throws IllegalArgumentException naming the accepted values */
    public static ComputeDevice parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ENV + " must be cpu, gpu or auto, was '" + value + "'", e);
        }
    }

    /**
     * The DJL device to open a model on.
     *
     * @param engine   the engine's name, for the message
     * @param gpuCount how many GPUs the engine sees
     * @throws IllegalStateException when a GPU is required and the engine sees none
     */
    public Device resolve(String engine, int gpuCount) {
        return switch (this) {
            case CPU -> Device.cpu();
            case AUTO -> gpuCount > 0 ? Device.gpu() : Device.cpu();
            case GPU -> {
                if (gpuCount <= 0) {
                    throw new IllegalStateException(ENV + "=gpu, but the " + engine + " engine sees no GPU: run the "
                            + "image variant with GPU natives on a node with an NVIDIA driver and an nvidia.com/gpu "
                            + "limit, or set " + ENV + "=cpu");
                }
                yield Device.gpu();
            }
        };
    }
}

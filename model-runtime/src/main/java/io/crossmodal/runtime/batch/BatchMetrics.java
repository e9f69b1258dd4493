package io.crossmodal.runtime.batch;

/** Observations a batcher reports; see {@code io.crossmodal.runtime.metrics.MicrometerBatchMetrics}. */
public interface BatchMetrics {

    BatchMetrics NONE = new BatchMetrics() {};

    /** A batch of {@code size} items and total {@code cost} is about to run. */
    default void batchStarted(int size, long cost) {}

    /** An item waited {@code nanos} between submit and the start of its batch. */
    default void queueWait(long nanos) {}

    /** A batch's inference took {@code nanos}; {@code success} is false when it threw. */
    default void inference(long nanos, boolean success) {}

    /** A submit was refused because the queue was full. */
    default void rejected() {}

    /** An item was dropped before inference. */
    default void dropped(RequestDroppedException.Reason reason) {}

    /** Called once with a live view of the queue depth, for a gauge. */
    default void bindQueueDepth(java.util.function.IntSupplier depth) {}
}

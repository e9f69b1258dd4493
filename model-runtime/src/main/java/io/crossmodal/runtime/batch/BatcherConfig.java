package io.crossmodal.runtime.batch;

import java.time.Duration;

/**
 * Settings of one model's dynamic batcher.
 *
 * @param maxBatchSize most items run in one inference call
 * @param maxQueueDelay longest time the oldest waiting item waits for others to join its batch
 * @param queueCapacity items that may wait; a submit beyond it is refused at once
 * @param maxBatchCost cost budget of one batch as computed by {@code costModel} (e.g. padded tokens); an item
 *     costlier than the whole budget still runs, alone
 * @param costModel how the cost of a batch follows from its items' costs
 * @param costUnit unit of the costs, for reports ("tokens", "pixels", "seconds")
 */
public record BatcherConfig(
        int maxBatchSize,
        Duration maxQueueDelay,
        int queueCapacity,
        long maxBatchCost,
        CostModel costModel,
        String costUnit) {

    public BatcherConfig {
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("maxBatchSize must be >= 1, was " + maxBatchSize);
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity must be >= 1, was " + queueCapacity);
        }
        if (maxBatchCost < 1) {
            throw new IllegalArgumentException("maxBatchCost must be >= 1, was " + maxBatchCost);
        }
        if (maxQueueDelay.isNegative()) {
            throw new IllegalArgumentException("maxQueueDelay must not be negative");
        }
    }

    /** How a batch's cost follows from its items. */
    public enum CostModel {
        /** Sum of the items' costs (pixels, seconds). */
        SUM,
        /** Items padded to the longest: largest cost times the number of items (tokens). */
        PADDED_TO_LONGEST;

        long batchCost(long maxItemCost, long sumItemCost, int items) {
            return this == SUM ? sumItemCost : maxItemCost * items;
        }
    }
}

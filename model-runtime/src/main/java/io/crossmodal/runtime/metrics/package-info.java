/**
 * The batcher's observations as Micrometer meters: per model and engine, how large and how costly the batches are, how
 * long items wait in the queue, how long inference takes and how it ended, how deep the queue is and how many items it
 * refused or dropped, all with low-cardinality tags only, so every model's dashboards and alerts look alike whichever
 * encoder serves it. It implements the reporting interface that {@code io.crossmodal.runtime.batch} declares, so the
 * batcher stays free of any metrics library; it may depend on Micrometer and that package, never on gRPC, Quarkus or
 * DJL.
 */
package io.crossmodal.runtime.metrics;

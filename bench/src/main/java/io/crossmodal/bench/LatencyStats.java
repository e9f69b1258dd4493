package io.crossmodal.bench;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Latencies of one worker, in microseconds, in an HdrHistogram with 3 significant digits (so every percentile is
 * within 0.1% of the exact order statistic). Not thread-safe: each worker keeps its own and they are merged with
 * {@link #add(LatencyStats)} at the end.
 */
public final class LatencyStats {

    /** One hour, in microseconds: anything slower is clamped. */
    private static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);

    private final Histogram histogram = new Histogram(1, HIGHEST_MICROS, 3);

    public void record(long nanos) {
        long micros = Math.max(1, Math.min(HIGHEST_MICROS, TimeUnit.NANOSECONDS.toMicros(nanos)));
        histogram.recordValue(micros);
    }

    public void recordMillis(double millis) {
        record(Math.round(millis * 1_000_000));
    }

    public void add(LatencyStats other) {
        histogram.add(other.histogram);
    }

    public long count() {
        return histogram.getTotalCount();
    }

    /** The latency at {@code percentile} (0..100) in milliseconds; 0 when nothing was recorded. */
    public double percentileMillis(double percentile) {
        return count() == 0 ? 0 : histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    public double maxMillis() {
        return count() == 0 ? 0 : histogram.getMaxValue() / 1000.0;
    }

    public double minMillis() {
        return count() == 0 ? 0 : histogram.getMinValue() / 1000.0;
    }

    public double meanMillis() {
        return count() == 0 ? 0 : histogram.getMean() / 1000.0;
    }
}

package io.crossmodal.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LatencyStatsTest {

    /** HdrHistogram with 3 significant digits: every value within 0.1%. */
    private static void assertClose(double expected, double actual) {
        assertEquals(expected, actual, expected * 0.001 + 1e-9, "expected " + expected + ", got " + actual);
    }

    @Test
    void percentilesOfOneToThousandMilliseconds() {
        LatencyStats s = new LatencyStats();
        for (int ms = 1000; ms >= 1; ms--) {
            s.record(ms * 1_000_000L);
        }
        assertEquals(1000, s.count());
        assertClose(500, s.percentileMillis(50));
        assertClose(900, s.percentileMillis(90));
        assertClose(990, s.percentileMillis(99));
        assertClose(1000, s.percentileMillis(100));
        assertClose(1000, s.maxMillis());
        assertClose(1, s.minMillis());
        assertClose(500.5, s.meanMillis());
    }

    @Test
    void mergesWorkersAndHandlesSkew() {
        LatencyStats fast = new LatencyStats();
        LatencyStats slow = new LatencyStats();
        for (int i = 0; i < 98; i++) {
            fast.recordMillis(2.0);
        }
        slow.recordMillis(250.0);
        slow.recordMillis(400.0);
        fast.add(slow);
        assertEquals(100, fast.count());
        assertClose(2.0, fast.percentileMillis(50));
        assertClose(2.0, fast.percentileMillis(98));
        assertClose(250.0, fast.percentileMillis(99));
        assertClose(400.0, fast.maxMillis());
    }

    @Test
    void subMillisecondAndEmpty() {
        LatencyStats s = new LatencyStats();
        assertEquals(0, s.percentileMillis(99));
        assertEquals(0, s.maxMillis());
        s.record(250_000); // 250 us
        assertClose(0.25, s.percentileMillis(50));
    }
}

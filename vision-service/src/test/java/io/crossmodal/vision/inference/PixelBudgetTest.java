package io.crossmodal.vision.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PixelBudgetTest {

    @Test
    void refusesWhatDoesNotFitAndTakesItBackWhenALeaseCloses() {
        PixelBudget budget = new PixelBudget(100);
        PixelBudget.Lease a = budget.tryAcquire(60);
        assertNotNull(a);
        assertNull(budget.tryAcquire(41), "60 + 41 > 100");
        PixelBudget.Lease b = budget.tryAcquire(40);
        assertNotNull(b);
        assertEquals(100, budget.inUse());
        a.close();
        a.close(); // closing twice gives the pixels back once
        assertEquals(40, budget.inUse());
        b.close();
        assertEquals(0, budget.inUse());
    }

    @Test
    void anImageLargerThanTheBudgetRunsAloneButNotBesideOthers() {
        PixelBudget budget = new PixelBudget(100);
        PixelBudget.Lease huge = budget.tryAcquire(500);
        assertNotNull(huge, "alone it is admitted; the per-image pixel limit decides what is too large");
        assertNull(budget.tryAcquire(1));
        huge.close();
        PixelBudget.Lease small = budget.tryAcquire(1);
        assertNotNull(small);
        assertNull(budget.tryAcquire(500), "not beside another image");
    }

    @Test
    void theBudgetFollowsTheHeap() {
        long mb = 1L << 20;
        long configured = 200_000_000L;
        long maxImage = 40_000_000L;
        // a large heap (the tests' JVM): the configured budget stands
        assertEquals(configured, PixelBudget.fittingHeap(configured, 6144 * mb, 2, maxImage));
        // deploy/'s vision heap, 2 GB: (0.6 x 2048 MB - 2 x 40 M x 7 B) / 4 B
        long twoGb = PixelBudget.fittingHeap(configured, 2048 * mb, 2, maxImage);
        assertEquals((long) ((0.6 * 2048 * mb - 2.0 * maxImage * 7) / 4), twoGb);
        assertTrue(twoGb > 150_000_000L && twoGb < configured, "2 GB heap: " + twoGb);
        // 1.5 GB, where five 36 M-pixel images in flight ran out of heap: now two fit, not five
        long oneAndHalf = PixelBudget.fittingHeap(configured, 1536 * mb, 2, maxImage);
        assertTrue(oneAndHalf >= 2 * 36_000_000L && oneAndHalf < 3 * 36_000_000L, "1.5 GB heap: " + oneAndHalf);
        // a heap too small for the arithmetic still admits one image of the largest allowed size
        assertEquals(maxImage, PixelBudget.fittingHeap(configured, 512 * mb, 2, maxImage));
        // and a configured budget below what fits is kept
        assertEquals(50_000_000L, PixelBudget.fittingHeap(50_000_000L, 6144 * mb, 2, maxImage));
    }
}

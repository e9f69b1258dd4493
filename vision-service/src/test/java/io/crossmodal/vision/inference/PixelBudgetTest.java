package io.crossmodal.vision.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

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
}

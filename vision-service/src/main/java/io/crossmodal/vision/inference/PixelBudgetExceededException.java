package io.crossmodal.vision.inference;

import io.crossmodal.servicekit.error.ServiceException;
import java.time.Duration;
import java.util.Map;

/** The decoded image does not fit the pixels left in the service's in-flight budget; the caller may retry later. */
public final class PixelBudgetExceededException extends ServiceException {

    private static final long serialVersionUID = 1L;

    /** Calls in flight finish within about this long, giving their pixels back. */
    static final Duration RETRY = Duration.ofMillis(500);

    public PixelBudgetExceededException(long pixels, long inUse, long capacity) {
        super(
                Kind.OVERLOADED,
                "PIXEL_BUDGET",
                "The vision service holds " + inUse + " of its " + capacity
                        + " in-flight pixels; an image of " + pixels + " pixels does not fit now "
                        + "(crossmodal.vision.max-pixels-in-flight)",
                null,
                RETRY,
                Map.of(),
                null);
    }
}

package io.crossmodal.vision.inference;

/** The decoded image does not fit the pixels left in the service's in-flight budget; the caller may retry later. */
public final class PixelBudgetExceededException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public PixelBudgetExceededException(long pixels, long inUse, long capacity) {
        super("The vision service holds " + inUse + " of its " + capacity + " in-flight pixels; an image of "
                + pixels + " pixels does not fit now (crossmodal.vision.max-pixels-in-flight)");
    }
}

package io.crossmodal.servicekit.health;

import io.crossmodal.servicekit.error.ServiceException;
import java.time.Duration;

/** The model exists but is still loading or warming up (or failed to): callers get UNAVAILABLE with RetryInfo. */
public final class ModelNotReadyException extends ServiceException {

    private static final long serialVersionUID = 1L;

    public ModelNotReadyException(String message) {
        super(Kind.UNAVAILABLE, "MODEL_NOT_READY", message, null, Duration.ofSeconds(2), java.util.Map.of(), null);
    }
}

package io.crossmodal.runtime.errors;

/** The model exists but is still loading or warming up (or failed to): callers get UNAVAILABLE with RetryInfo. */
public final class ModelNotReadyException extends RuntimeException {
    public ModelNotReadyException(String message) {
        super(message);
    }
}

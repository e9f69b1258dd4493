package io.crossmodal.models;

/** A package could not be obtained from its registry or the local cache. */
public class FetchException extends PreparationException {

    public FetchException(String message) {
        super(message);
    }

    public FetchException(String message, Throwable cause) {
        super(message, cause);
    }
}

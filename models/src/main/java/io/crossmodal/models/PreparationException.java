package io.crossmodal.models;

/** A model could not be prepared; the message says why and what to do about it. */
public class PreparationException extends Exception {

    public PreparationException(String message) {
        super(message);
    }

    public PreparationException(String message, Throwable cause) {
        super(message, cause);
    }
}

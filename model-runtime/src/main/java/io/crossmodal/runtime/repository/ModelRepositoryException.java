package io.crossmodal.runtime.repository;

/** The model repository is missing, unreadable, or lacks a model a service was configured to serve. */
public class ModelRepositoryException extends RuntimeException {
    public ModelRepositoryException(String message) {
        super(message);
    }

    public ModelRepositoryException(String message, Throwable cause) {
        super(message, cause);
    }
}

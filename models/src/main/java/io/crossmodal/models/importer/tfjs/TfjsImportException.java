package io.crossmodal.models.importer.tfjs;

import java.io.IOException;

/** A TF.js graph model that cannot be imported: malformed model.json, missing weights, unsupported op or dtype. */
public final class TfjsImportException extends IOException {

    public TfjsImportException(String message) {
        super(message);
    }

    public TfjsImportException(String message, Throwable cause) {
        super(message, cause);
    }
}

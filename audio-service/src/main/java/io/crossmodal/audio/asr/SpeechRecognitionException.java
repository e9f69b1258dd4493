package io.crossmodal.audio.asr;

import io.crossmodal.servicekit.error.ServiceException;
import java.time.Duration;
import java.util.Map;

/**
 * A recogniser failed: it could not be opened, or its engine reported an error while decoding. A fault of the
 * service (reason {@code INTERNAL}) unless a subclass says otherwise: busy ({@link RecognizerBusyException}) or not
 * installed ({@link RecognizerNotInstalledException}).
 */
public class SpeechRecognitionException extends ServiceException {

    private static final long serialVersionUID = 1L;

    public SpeechRecognitionException(String message) {
        this(message, null);
    }

    public SpeechRecognitionException(String message, Throwable cause) {
        this(Kind.INTERNAL, "INTERNAL", message, null, cause);
    }

    protected SpeechRecognitionException(
            Kind kind, String reason, String message, Duration retryAfter, Throwable cause) {
        super(kind, reason, message, null, retryAfter, Map.of(), cause);
    }
}

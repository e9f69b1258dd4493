package io.crossmodal.audio.asr;

/** A recogniser failed: it could not be opened, or its engine reported an error while decoding. */
public class SpeechRecognitionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SpeechRecognitionException(String message) {
        super(message);
    }

    public SpeechRecognitionException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.crossmodal.audio.asr;

/**
 * The recogniser's native library or one of its model files is missing or unusable, so it cannot be opened. The
 * message names the file or library and the package that provides it. An unsupported request (reason
 * {@code MODEL_NOT_INSTALLED}: UNIMPLEMENTED, the proto's "model or program is not installed").
 */
public class RecognizerNotInstalledException extends SpeechRecognitionException {

    private static final long serialVersionUID = 1L;

    public RecognizerNotInstalledException(String message) {
        this(message, null);
    }

    public RecognizerNotInstalledException(String message, Throwable cause) {
        super(Kind.UNSUPPORTED, "MODEL_NOT_INSTALLED", message, null, cause);
    }
}

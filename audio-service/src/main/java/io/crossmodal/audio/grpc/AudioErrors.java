package io.crossmodal.audio.grpc;

import io.crossmodal.audio.asr.RecognizerBusyException;
import io.crossmodal.audio.asr.RecognizerNotInstalledException;
import io.crossmodal.audio.decode.AudioDecodeException;
import io.crossmodal.audio.tts.SynthesisBusyException;
import io.crossmodal.audio.tts.SynthesisException;
import io.crossmodal.servicekit.grpc.GrpcErrors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;

/** Maps the audio domain's exceptions to gRPC errors with details; the rest goes through {@link GrpcErrors}. */
final class AudioErrors {

    private AudioErrors() {}

    /**
     * INVALID_ARGUMENT with a BadRequest on {@code field} for audio that is wrong, CANCELLED when the call went
     * away, RESOURCE_EXHAUSTED (retry shortly) when every decoding thread is taken.
     */
    static StatusRuntimeException decode(AudioDecodeException e, String field) {
        if (e.reason().clientError()) {
            return GrpcErrors.invalidArgument(e.reason().name(), field, e.getMessage());
        }
        if (e.reason() == AudioDecodeException.Reason.CANCELLED) {
            return GrpcErrors.error(Status.Code.CANCELLED, e.getMessage(), e.reason().name());
        }
        return GrpcErrors.resourceExhausted("Audio decoding is at capacity: " + e.getMessage(), e.reason().name(),
                Duration.ofMillis(200));
    }

    /** What a synthesis failure means for the client. */
    static StatusRuntimeException synthesis(SynthesisException e) {
        String field = switch (e.reason()) {
            case UNSUPPORTED_LANGUAGE -> "language";
            case UNKNOWN_VOICE -> "voice";
            default -> "text";
        };
        if (e instanceof SynthesisBusyException busy) {
            return GrpcErrors.resourceExhausted(e.getMessage(), e.reason().name(), busy.retryAfter());
        }
        if (e.reason().clientError()) {
            return GrpcErrors.invalidArgument(e.reason().name(), field, e.getMessage());
        }
        return switch (e.reason()) {
            case BUSY -> GrpcErrors.resourceExhausted(e.getMessage(), e.reason().name(), Duration.ofSeconds(1));
            case CANCELLED -> GrpcErrors.error(Status.Code.CANCELLED, e.getMessage(), e.reason().name());
            case NOT_INSTALLED -> GrpcErrors.error(Status.Code.UNIMPLEMENTED, e.getMessage(), "MODEL_NOT_INSTALLED");
            default -> GrpcErrors.error(Status.Code.INTERNAL, e.getMessage(), e.reason().name());
        };
    }

    /** Any other failure of an audio call. */
    static StatusRuntimeException other(Throwable error) {
        Throwable e = error;
        while ((e instanceof java.util.concurrent.CompletionException
                || e instanceof java.util.concurrent.ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof AudioDecodeException decode) {
            return decode(decode, "audio");
        }
        if (e instanceof SynthesisException synthesis) {
            return synthesis(synthesis);
        }
        if (e instanceof RecognizerBusyException busy) {
            return GrpcErrors.resourceExhausted(busy.getMessage(), "RECOGNIZER_BUSY", Duration.ofSeconds(1));
        }
        if (e instanceof RecognizerNotInstalledException missing) {
            return GrpcErrors.error(Status.Code.UNIMPLEMENTED, missing.getMessage(), "MODEL_NOT_INSTALLED");
        }
        if (e instanceof IllegalArgumentException bad) {
            return GrpcErrors.invalidArgument("INVALID_ARGUMENT", "audio", bad.getMessage());
        }
        return GrpcErrors.toStatusRuntimeException(e);
    }
}

package io.crossmodal.audio.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.protobuf.Message;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import io.crossmodal.audio.asr.RecognizerBusyException;
import io.crossmodal.audio.asr.RecognizerNotInstalledException;
import io.crossmodal.audio.decode.AudioDecodeException;
import io.crossmodal.audio.tts.SynthesisBusyException;
import io.crossmodal.audio.tts.SynthesisException;
import io.crossmodal.servicekit.grpc.GrpcErrors;
import io.crossmodal.testing.GrpcTestKit;
import io.grpc.Status;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The statuses the audio domain's exceptions give through service-kit's one mapping: what the audio service's own
 * mapper (AudioErrors) gave before the exceptions carried their kind.
 */
class AudioErrorStatusTest {

    private static com.google.rpc.Status status(Throwable e, String field) {
        return GrpcErrors.toStatus(e, field);
    }

    private static <T extends Message> T detail(com.google.rpc.Status status, Class<T> type) {
        return GrpcTestKit.detail(status, type);
    }

    private static boolean hasBadRequest(com.google.rpc.Status status) {
        return status.getDetailsList().stream().anyMatch(d -> d.is(BadRequest.class));
    }

    @Test
    void audioAtFaultIsInvalidOnTheFieldTheCallNames() {
        for (AudioDecodeException.Reason reason : AudioDecodeException.Reason.values()) {
            if (!reason.clientError()) {
                continue;
            }
            com.google.rpc.Status s = status(new AudioDecodeException(reason, "the WAV data is truncated"), "clips[2]");
            assertEquals(Status.Code.INVALID_ARGUMENT.value(), s.getCode(), reason.name());
            assertEquals("clips[2]: the WAV data is truncated", s.getMessage());
            assertEquals(
                    "clips[2]",
                    detail(s, BadRequest.class).getFieldViolations(0).getField());
            assertEquals(reason.name(), detail(s, ErrorInfo.class).getReason());
        }
    }

    @Test
    void busyDecodersAreAnOverloadToRetryShortlyAndACancelledDecodeIsCancelled() {
        com.google.rpc.Status busy = status(
                new AudioDecodeException(
                        AudioDecodeException.Reason.BUSY, "Audio decoding is at capacity: 2 threads busy"),
                "audio");
        assertEquals(Status.Code.RESOURCE_EXHAUSTED.value(), busy.getCode());
        assertEquals("Audio decoding is at capacity: 2 threads busy", busy.getMessage());
        assertEquals("BUSY", detail(busy, ErrorInfo.class).getReason());
        assertEquals(200_000_000, detail(busy, RetryInfo.class).getRetryDelay().getNanos());
        assertFalse(hasBadRequest(busy));

        com.google.rpc.Status cancelled =
                status(new AudioDecodeException(AudioDecodeException.Reason.CANCELLED, "interrupted"), "audio");
        assertEquals(Status.Code.CANCELLED.value(), cancelled.getCode());
        assertEquals("CANCELLED", detail(cancelled, ErrorInfo.class).getReason());
    }

    @Test
    void synthesisRefusalsBlameTheTextTheLanguageOrTheVoice() {
        Map<SynthesisException.Reason, String> fields = Map.of(
                SynthesisException.Reason.TEXT_TOO_LONG, "text",
                SynthesisException.Reason.EMPTY_TEXT, "text",
                SynthesisException.Reason.TIMEOUT, "text",
                SynthesisException.Reason.OUTPUT_TOO_LARGE, "text",
                SynthesisException.Reason.UNSUPPORTED_LANGUAGE, "language",
                SynthesisException.Reason.UNKNOWN_VOICE, "voice");
        fields.forEach((reason, field) -> {
            com.google.rpc.Status s = status(new SynthesisException(reason, "no"), null);
            assertEquals(Status.Code.INVALID_ARGUMENT.value(), s.getCode(), reason.name());
            assertEquals(field + ": no", s.getMessage(), reason.name());
            assertEquals(
                    field, detail(s, BadRequest.class).getFieldViolations(0).getField(), reason.name());
            assertEquals(reason.name(), detail(s, ErrorInfo.class).getReason());
        });
    }

    @Test
    void synthesisFailuresOfTheServiceHaveTheirOwnCodes() {
        com.google.rpc.Status busy =
                status(new SynthesisBusyException("all slots taken", Duration.ofMillis(1500)), null);
        assertEquals(Status.Code.RESOURCE_EXHAUSTED.value(), busy.getCode());
        assertEquals("all slots taken", busy.getMessage());
        assertEquals("BUSY", detail(busy, ErrorInfo.class).getReason());
        assertEquals(1, detail(busy, RetryInfo.class).getRetryDelay().getSeconds());
        assertEquals(500_000_000, detail(busy, RetryInfo.class).getRetryDelay().getNanos());

        com.google.rpc.Status plainBusy = status(new SynthesisException(SynthesisException.Reason.BUSY, "busy"), null);
        assertEquals(1, detail(plainBusy, RetryInfo.class).getRetryDelay().getSeconds());

        com.google.rpc.Status missing = status(
                new SynthesisException(SynthesisException.Reason.NOT_INSTALLED, "festival is not installed"), null);
        assertEquals(Status.Code.UNIMPLEMENTED.value(), missing.getCode());
        assertEquals("MODEL_NOT_INSTALLED", detail(missing, ErrorInfo.class).getReason());

        com.google.rpc.Status cancelled =
                status(new SynthesisException(SynthesisException.Reason.CANCELLED, "stop"), null);
        assertEquals(Status.Code.CANCELLED.value(), cancelled.getCode());

        com.google.rpc.Status failed = status(
                new SynthesisException(SynthesisException.Reason.FAILED, "festival failed with exit status 1"), null);
        assertEquals(Status.Code.INTERNAL.value(), failed.getCode());
        assertEquals("festival failed with exit status 1", failed.getMessage());
        assertEquals("FAILED", detail(failed, ErrorInfo.class).getReason());
        assertFalse(hasBadRequest(failed));
    }

    @Test
    void aBusyRecogniserIsAnOverloadAndAMissingOneUnimplemented() {
        RecognizerBusyException busy = new RecognizerBusyException("pocketsphinx-en-us", 2, Duration.ofSeconds(5));
        com.google.rpc.Status s = status(busy, "audio");
        assertEquals(Status.Code.RESOURCE_EXHAUSTED.value(), s.getCode());
        assertEquals(busy.getMessage(), s.getMessage());
        assertEquals("RECOGNIZER_BUSY", detail(s, ErrorInfo.class).getReason());
        assertEquals(1, detail(s, RetryInfo.class).getRetryDelay().getSeconds());

        com.google.rpc.Status missing = status(new RecognizerNotInstalledException("no libpocketsphinx.so.3"), "audio");
        assertEquals(Status.Code.UNIMPLEMENTED.value(), missing.getCode());
        assertEquals("no libpocketsphinx.so.3", missing.getMessage());
        assertEquals("MODEL_NOT_INSTALLED", detail(missing, ErrorInfo.class).getReason());
    }
}

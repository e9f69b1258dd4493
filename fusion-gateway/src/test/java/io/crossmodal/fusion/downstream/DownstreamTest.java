package io.crossmodal.fusion.downstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import io.crossmodal.servicekit.grpc.GrpcErrors;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** How an encoder's error is turned into the gateway's, without any server. */
class DownstreamTest {

    private static final UnaryOperator<String> TEXTS_TO_CONTENTS =
            field -> field.replaceFirst("^texts\\[(\\d+)]", "contents[$1].text");

    @Test
    void badRequestPathsAndMessageAreRewrittenAndOtherDetailsKept() throws Exception {
        var error = GrpcErrors.invalidArgument(
                "EMPTY_TEXT",
                List.of(
                        new GrpcErrors.FieldViolation("texts[0]", "empty"),
                        new GrpcErrors.FieldViolation("texts[2]", "long")));
        com.google.rpc.Status s = Downstream.translate("text-service", error, TEXTS_TO_CONTENTS, Duration.ofSeconds(1));
        assertEquals(Status.Code.INVALID_ARGUMENT.value(), s.getCode());
        assertEquals("text-service: 2 invalid fields: contents[0].text: empty; contents[2].text: long", s.getMessage());
        BadRequest bad = s.getDetailsList().stream()
                .filter(a -> a.is(BadRequest.class))
                .findFirst()
                .orElseThrow()
                .unpack(BadRequest.class);
        assertEquals(
                List.of("contents[0].text", "contents[2].text"),
                bad.getFieldViolationsList().stream()
                        .map(BadRequest.FieldViolation::getField)
                        .toList());
        assertTrue(s.getDetailsList().stream().anyMatch(a -> a.is(ErrorInfo.class)), "ErrorInfo is kept");
        assertTrue(s.getDetailsList().stream().noneMatch(a -> a.is(RetryInfo.class)));
    }

    @Test
    void unavailableWithoutRetryInfoGetsOneAndWithOneKeepsIt() throws Exception {
        com.google.rpc.Status bare = Downstream.translate(
                "vision-service",
                Status.UNAVAILABLE.withDescription("connection refused").asRuntimeException(),
                f -> f,
                Duration.ofMillis(1500));
        RetryInfo added = bare.getDetailsList().stream()
                .filter(a -> a.is(RetryInfo.class))
                .findFirst()
                .orElseThrow()
                .unpack(RetryInfo.class);
        assertEquals(1, added.getRetryDelay().getSeconds());
        assertEquals(500_000_000, added.getRetryDelay().getNanos());
        assertEquals("vision-service: connection refused", bare.getMessage());

        com.google.rpc.Status kept = Downstream.translate(
                "text-service",
                GrpcErrors.unavailable("loading", "MODEL_NOT_READY", Duration.ofSeconds(2)),
                f -> f,
                Duration.ofSeconds(9));
        List<RetryInfo> retries = kept.getDetailsList().stream()
                .filter(a -> a.is(RetryInfo.class))
                .map(a -> {
                    try {
                        return a.unpack(RetryInfo.class);
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                })
                .toList();
        assertEquals(1, retries.size());
        assertEquals(2, retries.get(0).getRetryDelay().getSeconds());
    }

    @Test
    void aSingleImagesFieldIsRewrittenInDetailsAndMessageButNotInProse() throws Exception {
        var error = GrpcErrors.invalidArgument("CORRUPT", "image", "the png image is truncated");
        com.google.rpc.Status s = Downstream.translate(
                "vision-service", error, f -> f.equals("image") ? "contents[4].image" : f, Duration.ofSeconds(1));
        assertEquals("vision-service: contents[4].image: the png image is truncated", s.getMessage());
        BadRequest bad = s.getDetailsList().stream()
                .filter(a -> a.is(BadRequest.class))
                .findFirst()
                .orElseThrow()
                .unpack(BadRequest.class);
        assertEquals("contents[4].image", bad.getFieldViolations(0).getField());
        assertEquals(
                "2 invalid fields: source.image: bad; model: unknown image",
                Downstream.rewriteNamedField(
                        "2 invalid fields: image: bad; model: unknown image", "image", f -> "source." + f));
    }

    @Test
    void onlyIndexedFieldNamesInMessagesAreRewritten() {
        assertEquals(
                "3 texts exceed; contents[1].text: empty",
                Downstream.rewriteIndexedFields("3 texts exceed; texts[1]: empty", TEXTS_TO_CONTENTS));
    }
}

package io.crossmodal.fusion.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossmodal.common.v1.Embedding;
import io.crossmodal.common.v1.Modality;
import io.crossmodal.fusion.v1.EncodeResult;
import io.crossmodal.servicekit.grpc.GrpcErrors;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The pieces Encode is assembled from, without any server. */
class EncodePartsTest {

    private static Embedding vector(String space) {
        return Embedding.newBuilder()
                .setSpaceId(space)
                .setDimension(1)
                .addValues(1f)
                .build();
    }

    @Test
    void batchFieldPathsPointAtTheContentsTheyCameFrom() {
        UnaryOperator<String> images = FieldPaths.list("images", List.of(1, 4, 7), "image");
        assertEquals("contents[4].image", images.apply("images[1]"));
        assertEquals("contents[7].image.data", images.apply("images[2].data"));
        assertEquals("contents", images.apply("images"));
        assertEquals("images[9]", images.apply("images[9]"), "an index the call did not have stays as it was");
        assertEquals("model", images.apply("model"));
        UnaryOperator<String> single = FieldPaths.single("image", "contents[3].image");
        assertEquals("contents[3].image", single.apply("image"));
        assertEquals("contents[3].image.data", single.apply("image.data"));
        assertEquals("images", single.apply("images"));
    }

    @Test
    void targetSpacesAreCheckedForFormAndDeduplicated() {
        List<GrpcErrors.FieldViolation> violations = new ArrayList<>();
        List<TargetSpace> targets =
                TargetSpace.parse(List.of("a@1#r1", "nonsense", "a@1#r1", "b@2.0-beta#r3"), 16, violations);
        assertEquals(List.of(new TargetSpace(0, "a@1#r1"), new TargetSpace(3, "b@2.0-beta#r3")), targets);
        assertEquals(1, violations.size());
        assertEquals("target_spaces[1]", violations.get(0).field());

        violations.clear();
        TargetSpace.parse(List.of("a@1#r1", "b@1#r1", "c@1#r1"), 2, violations);
        assertEquals("target_spaces", violations.get(0).field());
    }

    @Test
    void theLimiterKeepsAtMostItsLimitInFlightAndStartsTheRestInOrder() {
        CallLimiter limiter = new CallLimiter(2);
        List<CompletableFuture<Integer>> calls = new ArrayList<>();
        List<Integer> started = new ArrayList<>();
        AtomicInteger inFlight = new AtomicInteger();
        int[] maxInFlight = {0};
        List<CompletableFuture<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            results.add(limiter.submit(() -> {
                started.add(n);
                maxInFlight[0] = Math.max(maxInFlight[0], inFlight.incrementAndGet());
                CompletableFuture<Integer> call = new CompletableFuture<>();
                calls.add(call);
                return call.whenComplete((v, e) -> inFlight.decrementAndGet());
            }));
        }
        assertEquals(List.of(0, 1), started);
        calls.get(1).complete(1);
        assertEquals(List.of(0, 1, 2), started);
        calls.get(0).completeExceptionally(new IllegalStateException("failed call"));
        assertEquals(List.of(0, 1, 2, 3), started, "a failed call frees its slot too");
        calls.get(2).complete(2);
        calls.get(3).complete(3);
        calls.get(4).complete(4);
        assertEquals(2, maxInFlight[0]);
        assertTrue(results.get(0).isCompletedExceptionally());
        assertEquals(4, results.get(4).join());
    }

    @Test
    void theTallyTurnsErrorsIntoOutcomesAndReportsTheFirst() {
        EncoderTally tally = new EncoderTally(Modality.MODALITY_IMAGE, "vision-service", Duration.ofSeconds(1));
        assertTrue(tally.modalityStatus().isEmpty(), "an encoder never called has no status");
        Outcome<String> ok = tally.call(() -> CompletableFuture.completedFuture("fine"), f -> f)
                .join();
        assertEquals("fine", ok.value());
        Outcome<String> failed = tally.<String>call(
                        () -> CompletableFuture.failedFuture(Status.UNAVAILABLE
                                .withDescription("connection refused")
                                .asRuntimeException()),
                        f -> f)
                .join();
        assertFalse(failed.isOk());
        assertEquals("vision-service: connection refused", failed.error().getMessage());
        Outcome<String> thrown = tally.<String>call(
                        () -> {
                            throw Status.INTERNAL.withDescription("boom").asRuntimeException();
                        },
                        f -> f)
                .join();
        assertEquals(Status.Code.INTERNAL.value(), thrown.error().getCode());
        var status = tally.modalityStatus().orElseThrow();
        assertEquals(Modality.MODALITY_IMAGE, status.getModality());
        assertEquals(Status.Code.UNAVAILABLE.value(), status.getStatus().getCode(), "the first error is reported");
    }

    @Test
    void anItemKeepsItsNativeVectorFirstAndReportsTheFirstMissedTargetInRequestOrder() {
        ItemResult item = new ItemResult(Modality.MODALITY_IMAGE, 3);
        item.nativeResult(Outcome.ok(vector("vision@1#r1")));
        item.derivedText("cat");
        com.google.rpc.Status second = GrpcErrors.simpleStatus(Status.Code.UNAVAILABLE, "second", "X");
        com.google.rpc.Status third = GrpcErrors.simpleStatus(Status.Code.FAILED_PRECONDITION, "third", "Y");
        item.target(2, Outcome.failed(third)); // answers arrive in any order
        item.target(0, Outcome.ok(vector("text@1#r1")));
        item.target(1, Outcome.failed(second));
        EncodeResult r = item.build();
        assertEquals(second, r.getStatus());
        assertEquals(
                List.of("vision@1#r1", "text@1#r1"),
                r.getEmbeddingsList().stream().map(Embedding::getSpaceId).toList());
        assertEquals("cat", r.getDerivedText());

        ItemResult failed = new ItemResult(Modality.MODALITY_TEXT, 1);
        failed.nativeResult(Outcome.failed(third));
        assertEquals(third, failed.build().getStatus());
        assertEquals(0, failed.build().getEmbeddingsCount());
    }
}

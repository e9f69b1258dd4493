package io.crossmodal.fusion.encode;

import io.crossmodal.common.v1.Embedding;
import io.crossmodal.common.v1.Modality;
import io.crossmodal.fusion.v1.EncodeResult;
import io.crossmodal.servicekit.grpc.GrpcErrors;
import java.util.Optional;

/**
 * One content's result while its calls are under way: the native vector (or why there is none) and, per target
 * space, the extra vector (or why it could not be made). Built once every call has answered, so the result does
 * not depend on which call finished first: embeddings in native-then-target_spaces order, and the status of the
 * first failure in that order. A content whose native vector exists but which missed a target space keeps the
 * native vector and reports why the target was missed.
 */
final class ItemResult {

    private final Modality modality;
    private final Outcome<Embedding>[] targets;
    private Outcome<Embedding> nativeOutcome;
    private String derivedText = "";
    private int tokenCount;
    private boolean truncated;

    @SuppressWarnings("unchecked")
    ItemResult(Modality modality, int targetCount) {
        this.modality = modality;
        this.targets = new Outcome[targetCount];
    }

    synchronized void nativeResult(Outcome<Embedding> outcome) {
        nativeOutcome = outcome;
    }

    /** The native vector, or empty while there is none (not yet answered, or failed). */
    synchronized Optional<Embedding> nativeEmbedding() {
        return nativeOutcome != null && nativeOutcome.isOk() ? Optional.of(nativeOutcome.value()) : Optional.empty();
    }

    /** Target space {@code slot} (its position among the request's distinct target spaces). */
    synchronized void target(int slot, Outcome<Embedding> outcome) {
        targets[slot] = outcome;
    }

    synchronized void derivedText(String text) {
        derivedText = text;
    }

    synchronized void textInfo(int tokenCount, boolean truncated) {
        this.tokenCount = tokenCount;
        this.truncated = truncated;
    }

    synchronized EncodeResult build() {
        EncodeResult.Builder b = EncodeResult.newBuilder()
                .setModality(modality)
                .setTokenCount(tokenCount)
                .setTruncated(truncated);
        if (nativeOutcome == null || !nativeOutcome.isOk()) {
            return b.setStatus(
                            nativeOutcome == null
                                    ? GrpcErrors.simpleStatus(
                                            io.grpc.Status.Code.INTERNAL, "no answer for this content", "INTERNAL")
                                    : nativeOutcome.error())
                    .build();
        }
        // The description is returned whenever it was made, even if embedding it then failed: the caller sees
        // what the image was read as. An item without its native vector returns nothing else either.
        b.setDerivedText(derivedText).addEmbeddings(nativeOutcome.value());
        com.google.rpc.Status status = GrpcErrors.ok();
        for (Outcome<Embedding> t : targets) {
            if (t == null) {
                continue; // the native vector is already in that space
            }
            if (t.isOk()) {
                b.addEmbeddings(t.value());
            } else if (status.getCode() == 0) {
                status = t.error();
            }
        }
        return b.setStatus(status).build();
    }
}

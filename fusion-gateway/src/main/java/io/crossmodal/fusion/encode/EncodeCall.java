package io.crossmodal.fusion.encode;

import io.crossmodal.common.v1.Embedding;
import io.crossmodal.common.v1.EmbeddingSpace;
import io.crossmodal.common.v1.Modality;
import io.crossmodal.fusion.config.GatewayConfig;
import io.crossmodal.fusion.downstream.TextEncoderClient;
import io.crossmodal.fusion.downstream.VisionEncoderClient;
import io.crossmodal.fusion.v1.EncodeRequest;
import io.crossmodal.servicekit.grpc.GrpcErrors;
import io.crossmodal.text.v1.EmbedRequest;
import io.crossmodal.text.v1.EmbedResult;
import io.grpc.Deadline;
import io.grpc.Status;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * What the text and image parts of one Encode call share: the request, the caller's deadline (passed to every
 * encoder call), the target spaces, one {@link EncoderTally} per encoder, the text spaces text-service serves
 * (asked once per call, only when target spaces are given) and the spaces of every vector returned.
 */
final class EncodeCall {

    final EncodeRequest request;
    final Deadline deadline;
    final List<TargetSpace> targets;
    final TextEncoderClient text;
    final VisionEncoderClient vision;
    final GatewayConfig config;
    final EncoderTally textTally;
    final EncoderTally imageTally;

    private final Map<String, EmbeddingSpace> knownSpaces = new ConcurrentHashMap<>();
    private CompletableFuture<Outcome<Map<String, EmbeddingSpace>>> textSpaces;

    EncodeCall(
            EncodeRequest request,
            Deadline deadline,
            List<TargetSpace> targets,
            TextEncoderClient text,
            VisionEncoderClient vision,
            GatewayConfig config) {
        this.request = request;
        this.deadline = deadline;
        this.targets = targets;
        this.text = text;
        this.vision = vision;
        this.config = config;
        this.textTally = new EncoderTally(Modality.MODALITY_TEXT, "text-service", config.unavailableRetryAfter());
        this.imageTally = new EncoderTally(Modality.MODALITY_IMAGE, "vision-service", config.unavailableRetryAfter());
    }

    /**
     * The text spaces text-service serves, by id, from its ListModels (asked on first use, once per call). Asked
     * rather than cached: it is a cheap call that runs while the native vectors are made, and it can never be
     * stale after a text-service upgrade.
     */
    synchronized CompletableFuture<Outcome<Map<String, EmbeddingSpace>>> textSpaces() {
        if (textSpaces == null) {
            textSpaces = textTally
                    .call(() -> text.listModels(deadline), UnaryOperator.identity())
                    .thenApply(o -> {
                        if (!o.isOk()) {
                            return Outcome.failed(o.error());
                        }
                        Map<String, EmbeddingSpace> spaces = new LinkedHashMap<>();
                        o.value().getModelsList().stream()
                                .filter(m ->
                                        m.hasSpace() && !m.getSpace().getId().isEmpty())
                                .forEach(m -> spaces.put(m.getSpace().getId(), m.getSpace()));
                        return Outcome.ok(spaces);
                    });
        }
        return textSpaces;
    }

    /** Remembers the spaces an encoder described, for the response's {@code spaces}. */
    void learn(List<EmbeddingSpace> spaces) {
        spaces.forEach(s -> knownSpaces.put(s.getId(), s));
    }

    EmbeddingSpace space(String id, int dimension) {
        return knownSpaces.getOrDefault(
                id,
                EmbeddingSpace.newBuilder().setId(id).setDimension(dimension).build());
    }

    /**
     * Embeds {@code texts} (the k-th belongs to content {@code owners[k]}) in the text space {@code space}, with that
     * space's model: one text-service call. Every vector is checked to be in the space asked for, since a model
     * upgraded between ListModels and Embed would answer in another one.
     *
     * @param contentField what the text is of the content, for field paths: "text", or "image" for a description
     */
    CompletableFuture<Map<Integer, Outcome<Embedding>>> embedInSpace(
            EmbeddingSpace space, List<Integer> owners, List<String> texts, String contentField) {
        UnaryOperator<String> fieldPath = FieldPaths.list("texts", owners, contentField);
        EmbedRequest request = EmbedRequest.newBuilder()
                .setModel(space.getModel())
                .addAllTexts(texts)
                .build();
        return textTally.call(() -> text.embed(request, deadline), fieldPath).thenApply(o -> {
            Map<Integer, Outcome<Embedding>> out = new HashMap<>();
            if (!o.isOk()) {
                owners.forEach(i -> out.put(i, Outcome.failed(o.error())));
                return out;
            }
            learn(o.value().getSpacesList());
            for (int k = 0; k < owners.size(); k++) {
                out.put(
                        owners.get(k),
                        k < o.value().getResultsCount()
                                ? inSpace(o.value().getResults(k), space, owners.get(k), fieldPath)
                                : Outcome.failed(GrpcErrors.simpleStatus(
                                        Status.Code.INTERNAL,
                                        "text-service answered fewer results than texts",
                                        "INTERNAL")));
            }
            return out;
        });
    }

    private Outcome<Embedding> inSpace(EmbedResult r, EmbeddingSpace space, int owner, UnaryOperator<String> path) {
        if (r.getStatus().getCode() != Status.Code.OK.value()) {
            return Outcome.failed(textTally.itemStatus(r.getStatus(), path));
        }
        if (!r.getEmbedding().getSpaceId().equals(space.getId())) {
            return Outcome.failed(GrpcErrors.simpleStatus(
                    Status.Code.ABORTED,
                    "contents[" + owner + "]: text-service"
                            + " embedded in " + r.getEmbedding().getSpaceId() + " instead of " + space.getId()
                            + " (its model changed while this call ran); retry",
                    "SPACE_CHANGED"));
        }
        return Outcome.ok(r.getEmbedding());
    }

    /** The item status for a content that cannot reach a target space: INVALID_ARGUMENT on that target. */
    static com.google.rpc.Status unreachable(TargetSpace target, int content, String why) {
        return GrpcErrors.invalidArgumentStatus(
                "UNKNOWN_TARGET_SPACE",
                target.field(),
                "contents[" + content + "] cannot reach space " + target.id() + ": " + why
                        + " (ListModels lists the spaces)");
    }
}

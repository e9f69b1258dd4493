package io.crossmodal.fusion.encode;

import io.crossmodal.common.v1.Embedding;
import io.crossmodal.common.v1.EmbeddingSpace;
import io.crossmodal.common.v1.Modality;
import io.crossmodal.text.v1.EmbedRequest;
import io.crossmodal.text.v1.EmbedResponse;
import io.crossmodal.text.v1.EmbedResult;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

/**
 * The text contents of one Encode call: one text-service Embed call for all of them (model from text_model, or
 * routed by script), then, for each target space a text's native vector is not already in, one Embed call with
 * that space's model. The target calls wait for the native answer, since routing decides the native space and an
 * English text routed to all-minilm needs no second pass for an all-minilm target.
 */
final class TextEncoding {

    private final EncodeCall call;
    private final List<Integer> indices;
    private final Map<Integer, ItemResult> items = new LinkedHashMap<>();

    TextEncoding(EncodeCall call, List<Integer> indices) {
        this.call = call;
        this.indices = indices;
        indices.forEach(i -> items.put(i, new ItemResult(Modality.MODALITY_TEXT, call.targets.size())));
    }

    CompletableFuture<PartResult> run() {
        if (indices.isEmpty()) {
            return CompletableFuture.completedFuture(PartResult.empty());
        }
        EmbedRequest.Builder embed = EmbedRequest.newBuilder().setModel(call.request.getTextModel());
        indices.forEach(i -> embed.addTexts(call.request.getContents(i).getText()));
        UnaryOperator<String> fieldPath = FieldPaths.list("texts", indices, "text");
        return call.textTally
                .call(() -> call.text.embed(embed.build(), call.deadline), fieldPath)
                .thenCompose(o -> {
                    if (!o.isOk()) {
                        items.values().forEach(item -> item.nativeResult(Outcome.failed(o.error())));
                        return CompletableFuture.completedFuture(new PartResult(items, o.error()));
                    }
                    nativeResults(o.value(), fieldPath);
                    if (call.targets.isEmpty()) {
                        return CompletableFuture.completedFuture(new PartResult(items, null));
                    }
                    return call.textSpaces()
                            .thenCompose(this::reachTargets)
                            .thenApply(v -> new PartResult(items, null));
                });
    }

    private void nativeResults(EmbedResponse response, UnaryOperator<String> fieldPath) {
        call.learn(response.getSpacesList());
        for (int k = 0; k < indices.size(); k++) {
            ItemResult item = items.get(indices.get(k));
            EmbedResult r = response.getResults(k);
            item.textInfo(r.getTokenCount(), r.getTruncated());
            item.nativeResult(
                    r.getStatus().getCode() == Status.Code.OK.value()
                            ? Outcome.ok(r.getEmbedding())
                            // Item errors keep their code and details; only the field paths change to this API's terms.
                            : Outcome.failed(call.textTally.itemStatus(r.getStatus(), fieldPath)));
        }
    }

    private CompletableFuture<Void> reachTargets(Outcome<Map<String, EmbeddingSpace>> spaces) {
        List<CompletableFuture<Void>> calls = new ArrayList<>();
        for (int slot = 0; slot < call.targets.size(); slot++) {
            TargetSpace target = call.targets.get(slot);
            List<Integer> owners = new ArrayList<>();
            for (int i : indices) {
                ItemResult item = items.get(i);
                Embedding nat = item.nativeEmbedding().orElse(null);
                if (nat == null || nat.getSpaceId().equals(target.id())) {
                    continue; // failed already, or already in that space
                }
                if (!spaces.isOk()) {
                    item.target(slot, Outcome.failed(spaces.error()));
                } else if (!spaces.value().containsKey(target.id())) {
                    item.target(
                            slot,
                            Outcome.failed(EncodeCall.unreachable(
                                    target,
                                    i,
                                    "text reaches the text spaces text-service serves, and this is not one of them")));
                } else {
                    owners.add(i);
                }
            }
            if (!owners.isEmpty()) {
                int s = slot;
                List<String> texts = owners.stream()
                        .map(i -> call.request.getContents(i).getText())
                        .toList();
                calls.add(call.embedInSpace(spaces.value().get(target.id()), owners, texts, "text")
                        .thenAccept(byOwner ->
                                byOwner.forEach((i, outcome) -> items.get(i).target(s, outcome))));
            }
        }
        return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new));
    }
}

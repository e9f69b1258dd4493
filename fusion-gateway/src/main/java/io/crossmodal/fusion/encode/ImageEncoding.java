package io.crossmodal.fusion.encode;

import io.crossmodal.common.v1.Embedding;
import io.crossmodal.common.v1.EmbeddingSpace;
import io.crossmodal.common.v1.Media;
import io.crossmodal.common.v1.Modality;
import io.crossmodal.servicekit.grpc.GrpcErrors;
import io.crossmodal.vision.v1.DescribeImageRequest;
import io.crossmodal.vision.v1.DescribeImageResponse;
import io.crossmodal.vision.v1.EmbedImageResult;
import io.crossmodal.vision.v1.EmbedImagesRequest;
import io.crossmodal.vision.v1.EmbedImagesResponse;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The image contents of one Encode call.
 *
 * <p>Native vectors: vision EmbedImages over all images, in as few calls as the vision service's limits allow
 * (count and bytes per call). Target spaces: an image reaches a text space through its description. When some
 * target is a text space, every image is described (DescribeImage: object tags and recognised text) while the
 * native vectors are made; then each description is embedded with the target space's model, one text-service call
 * per target space for all images. The description is returned as {@code derived_text}. An image in which nothing
 * was recognised has an empty description: embedding "" would give a vector that means nothing, so that target
 * fails with FAILED_PRECONDITION instead.
 */
final class ImageEncoding {

    private final EncodeCall call;
    private final List<Integer> indices;
    private final Map<Integer, ItemResult> items = new LinkedHashMap<>();
    private final Map<Integer, Outcome<DescribeImageResponse>> descriptions = new ConcurrentHashMap<>();
    private final CallLimiter visionCalls;

    ImageEncoding(EncodeCall call, List<Integer> indices) {
        this.call = call;
        this.indices = indices;
        this.visionCalls = new CallLimiter(call.config.visionCallsInFlight());
        indices.forEach(i -> items.put(i, new ItemResult(Modality.MODALITY_IMAGE, call.targets.size())));
    }

    CompletableFuture<PartResult> run() {
        if (indices.isEmpty()) {
            return CompletableFuture.completedFuture(PartResult.empty());
        }
        CompletableFuture<com.google.rpc.Status> natives = embedNatively();
        CompletableFuture<Outcome<Map<String, EmbeddingSpace>>> spaces =
                call.targets.isEmpty() ? CompletableFuture.completedFuture(Outcome.ok(Map.of())) : call.textSpaces();
        CompletableFuture<Void> described = spaces.thenCompose(s ->
                s.isOk() && call.targets.stream().anyMatch(t -> s.value().containsKey(t.id()))
                        ? describeAll()
                        : CompletableFuture.completedFuture(null));
        return CompletableFuture.allOf(natives, described)
                .thenCompose(v -> reachTargets(spaces.join()))
                .thenApply(v -> new PartResult(items, natives.join()));
    }

    /** Completes with the first call error if every EmbedImages call failed, else null. */
    private CompletableFuture<com.google.rpc.Status> embedNatively() {
        List<List<Integer>> batches = batches();
        List<CompletableFuture<com.google.rpc.Status>> calls = new ArrayList<>();
        for (List<Integer> batch : batches) {
            EmbedImagesRequest.Builder request = EmbedImagesRequest.newBuilder();
            batch.forEach(i -> request.addImages(call.request.getContents(i).getImage()));
            UnaryOperator<String> fieldPath = FieldPaths.list("images", batch, "image");
            calls.add(visionCalls
                    .submit(() -> call.imageTally.call(
                            () -> call.vision.embedImages(request.build(), call.deadline), fieldPath))
                    .thenApply(o -> {
                        if (!o.isOk()) {
                            batch.forEach(i -> items.get(i).nativeResult(Outcome.failed(o.error())));
                            return o.error();
                        }
                        nativeResults(batch, o.value(), fieldPath);
                        return null;
                    }));
        }
        return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).thenApply(v -> {
            List<com.google.rpc.Status> errors =
                    calls.stream().map(CompletableFuture::join).toList();
            return errors.stream().allMatch(e -> e != null) ? errors.get(0) : null;
        });
    }

    /**
     * The images in request order, cut into EmbedImages calls of at most visionMaxImagesPerCall images and
     * visionMaxBytesPerCall bytes (an image larger than that goes alone, and the vision service judges it).
     */
    private List<List<Integer>> batches() {
        List<List<Integer>> batches = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        long bytes = 0;
        for (int i : indices) {
            int size = call.request.getContents(i).getImage().getData().size();
            if (!current.isEmpty()
                    && (current.size() == call.config.visionMaxImagesPerCall()
                            || bytes + size > call.config.visionMaxBytesPerCall())) {
                batches.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(i);
            bytes += size;
        }
        batches.add(current);
        return batches;
    }

    private void nativeResults(List<Integer> batch, EmbedImagesResponse response, UnaryOperator<String> fieldPath) {
        call.learn(response.getSpacesList());
        for (int k = 0; k < batch.size(); k++) {
            ItemResult item = items.get(batch.get(k));
            if (k >= response.getResultsCount()) {
                item.nativeResult(Outcome.failed(GrpcErrors.simpleStatus(
                        Status.Code.INTERNAL, "vision-service answered fewer results than images", "INTERNAL")));
                continue;
            }
            EmbedImageResult r = response.getResults(k);
            item.nativeResult(
                    r.getStatus().getCode() == Status.Code.OK.value()
                            ? Outcome.ok(r.getEmbedding())
                            // A bad image fails alone, with the vision service's code and details at contents[i].image.
                            : Outcome.failed(call.imageTally.itemStatus(r.getStatus(), fieldPath)));
        }
    }

    private CompletableFuture<Void> describeAll() {
        List<CompletableFuture<Void>> calls = new ArrayList<>();
        for (int i : indices) {
            Media image = call.request.getContents(i).getImage();
            DescribeImageRequest request =
                    DescribeImageRequest.newBuilder().setImage(image).build();
            UnaryOperator<String> fieldPath = FieldPaths.single("image", FieldPaths.content(i, "image"));
            calls.add(visionCalls
                    .submit(() ->
                            call.imageTally.call(() -> call.vision.describeImage(request, call.deadline), fieldPath))
                    .thenAccept(o -> {
                        descriptions.put(i, o);
                        if (o.isOk()) {
                            items.get(i).derivedText(o.value().getDescription());
                        }
                    }));
        }
        return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new));
    }

    private CompletableFuture<Void> reachTargets(Outcome<Map<String, EmbeddingSpace>> spaces) {
        List<CompletableFuture<Void>> calls = new ArrayList<>();
        for (int slot = 0; slot < call.targets.size(); slot++) {
            TargetSpace target = call.targets.get(slot);
            List<Integer> owners = new ArrayList<>();
            List<String> texts = new ArrayList<>();
            for (int i : indices) {
                ItemResult item = items.get(i);
                Embedding nat = item.nativeEmbedding().orElse(null);
                if (nat == null || nat.getSpaceId().equals(target.id())) {
                    continue; // failed already, or the target is the image's native space
                }
                if (!spaces.isOk()) {
                    item.target(slot, Outcome.failed(spaces.error()));
                    continue;
                }
                if (!spaces.value().containsKey(target.id())) {
                    item.target(
                            slot,
                            Outcome.failed(EncodeCall.unreachable(
                                    target,
                                    i,
                                    "an image reaches its native"
                                            + " space (" + nat.getSpaceId()
                                            + ") and, through its description, the text spaces"
                                            + " text-service serves; this is neither")));
                    continue;
                }
                Outcome<DescribeImageResponse> description = descriptions.get(i);
                if (!description.isOk()) {
                    item.target(slot, Outcome.failed(description.error()));
                } else if (description.value().getDescription().isBlank()) {
                    item.target(slot, Outcome.failed(nothingRecognised(i, target)));
                } else {
                    owners.add(i);
                    texts.add(description.value().getDescription());
                }
            }
            if (!owners.isEmpty()) {
                int s = slot;
                calls.add(call.embedInSpace(spaces.value().get(target.id()), owners, texts, "image")
                        .thenAccept(byOwner ->
                                byOwner.forEach((i, outcome) -> items.get(i).target(s, outcome))));
            }
        }
        return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new));
    }

    private static com.google.rpc.Status nothingRecognised(int content, TargetSpace target) {
        return GrpcErrors.simpleStatus(
                Status.Code.FAILED_PRECONDITION,
                FieldPaths.content(content, "image")
                        + ": vision-service recognised no object and no text in the image, so it has no description to"
                        + " embed in " + target.id() + " (the native vector is returned)",
                "NOTHING_RECOGNISED");
    }
}

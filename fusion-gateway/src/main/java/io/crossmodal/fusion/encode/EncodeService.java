package io.crossmodal.fusion.encode;

import io.crossmodal.common.v1.Embedding;
import io.crossmodal.common.v1.EmbeddingSpace;
import io.crossmodal.common.v1.Modality;
import io.crossmodal.fusion.config.GatewayConfig;
import io.crossmodal.fusion.downstream.Downstream;
import io.crossmodal.fusion.downstream.TextEncoderClient;
import io.crossmodal.fusion.downstream.VisionEncoderClient;
import io.crossmodal.fusion.v1.Content;
import io.crossmodal.fusion.v1.EncodeRequest;
import io.crossmodal.fusion.v1.EncodeResponse;
import io.crossmodal.fusion.v1.EncodeResult;
import io.crossmodal.servicekit.grpc.GrpcErrors;
import io.grpc.Deadline;
import io.grpc.Status;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Encode: splits contents by modality, runs the text part ({@link TextEncoding}) and the image part
 * ({@link ImageEncoding}) concurrently, and puts the answers back in request order. One encoder failing fails only
 * the items that needed it; a call whose contents are all of one modality fails with that encoder's status when
 * its native call failed for every content, as a single-encoder API would.
 */
@ApplicationScoped
public class EncodeService {

    private final TextEncoderClient text;
    private final VisionEncoderClient vision;
    private final GatewayConfig config;

    public EncodeService(TextEncoderClient text, VisionEncoderClient vision, GatewayConfig config) {
        this.text = text;
        this.vision = vision;
        this.config = config;
    }

    public CompletableFuture<EncodeResponse> encode(EncodeRequest request, Deadline deadline) {
        List<TargetSpace> targets = validate(request);
        EncodeCall call = new EncodeCall(request, deadline, targets, text, vision, config);
        List<Integer> textIndices = new ArrayList<>();
        List<Integer> imageIndices = new ArrayList<>();
        Map<Integer, EncodeResult> unavailable = new LinkedHashMap<>();
        for (int i = 0; i < request.getContentsCount(); i++) {
            switch (request.getContents(i).getKindCase()) {
                case TEXT -> textIndices.add(i);
                case IMAGE -> imageIndices.add(i);
                case AUDIO -> unavailable.put(i, audioUnavailable());
                default -> throw new IllegalStateException("validated above");
            }
        }
        CompletableFuture<PartResult> texts = new TextEncoding(call, textIndices).run();
        CompletableFuture<PartResult> images = new ImageEncoding(call, imageIndices).run();
        return texts.thenCombine(images, (t, im) -> {
            int n = request.getContentsCount();
            if (t.wholeFailure() != null && textIndices.size() == n) {
                throw Downstream.toException(t.wholeFailure());
            }
            if (im.wholeFailure() != null && imageIndices.size() == n) {
                throw Downstream.toException(im.wholeFailure());
            }
            return assemble(call, n, t, im, unavailable);
        });
    }

    private List<TargetSpace> validate(EncodeRequest request) {
        List<GrpcErrors.FieldViolation> violations = new ArrayList<>();
        if (request.getContentsCount() == 0) {
            violations.add(new GrpcErrors.FieldViolation("contents", "at least one content is required"));
        }
        if (request.getContentsCount() > config.maxItemsPerCall()) {
            violations.add(new GrpcErrors.FieldViolation(
                    "contents",
                    request.getContentsCount() + " contents exceed the limit of " + config.maxItemsPerCall()
                            + " per call (max_items_per_call)"));
        }
        for (int i = 0; i < request.getContentsCount(); i++) {
            if (request.getContents(i).getKindCase() == Content.KindCase.KIND_NOT_SET) {
                violations.add(
                        new GrpcErrors.FieldViolation("contents[" + i + "]", "content has no text, image or audio"));
            }
        }
        List<TargetSpace> targets =
                TargetSpace.parse(request.getTargetSpacesList(), config.maxTargetSpaces(), violations);
        if (!violations.isEmpty()) {
            throw GrpcErrors.invalidArgument("INVALID_CONTENT", violations);
        }
        return targets;
    }

    private static EncodeResult audioUnavailable() {
        return EncodeResult.newBuilder()
                .setModality(Modality.MODALITY_AUDIO)
                .setStatus(GrpcErrors.simpleStatus(
                        Status.Code.UNIMPLEMENTED,
                        "Encoding audio content is not built into Encode yet; the audio service's EmbedAudio is served on this port",
                        "MODALITY_NOT_AVAILABLE"))
                .build();
    }

    private static EncodeResponse assemble(
            EncodeCall call, int n, PartResult texts, PartResult images, Map<Integer, EncodeResult> unavailable) {
        EncodeResponse.Builder response = EncodeResponse.newBuilder();
        Map<String, EmbeddingSpace> spaces = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            ItemResult item = texts.items().containsKey(i)
                    ? texts.items().get(i)
                    : images.items().get(i);
            EncodeResult result = item != null ? item.build() : unavailable.get(i);
            for (Embedding e : result.getEmbeddingsList()) {
                spaces.computeIfAbsent(e.getSpaceId(), id -> call.space(id, e.getDimension()));
            }
            response.addResults(result);
        }
        // Per encoder touched, in a fixed order (TEXT, IMAGE) so clients can rely on it.
        call.textTally.modalityStatus().ifPresent(response::addModalityStatuses);
        call.imageTally.modalityStatus().ifPresent(response::addModalityStatuses);
        return response.addAllSpaces(spaces.values()).build();
    }
}

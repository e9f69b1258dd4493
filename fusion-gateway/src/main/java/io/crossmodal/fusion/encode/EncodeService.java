package io.crossmodal.fusion.encode;

import io.crossmodal.common.v1.EmbeddingSpace;
import io.crossmodal.common.v1.Modality;
import io.crossmodal.fusion.config.GatewayConfig;
import io.crossmodal.fusion.downstream.Downstream;
import io.crossmodal.fusion.downstream.TextEncoderClient;
import io.crossmodal.fusion.v1.Content;
import io.crossmodal.fusion.v1.EncodeRequest;
import io.crossmodal.fusion.v1.EncodeResponse;
import io.crossmodal.fusion.v1.EncodeResult;
import io.crossmodal.fusion.v1.ModalityStatus;
import io.crossmodal.runtime.errors.GrpcErrors;
import io.crossmodal.text.v1.EmbedRequest;
import io.crossmodal.text.v1.EmbedResponse;
import io.crossmodal.text.v1.EmbedResult;
import io.grpc.Deadline;
import io.grpc.Status;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Encode: splits contents by modality, calls each encoder once for all its contents, and puts the answers back in
 * request order. A call that only touches one encoder fails with that encoder's status when the encoder fails; a
 * mixed call answers with a status per item and per modality instead.
 */
@ApplicationScoped
public class EncodeService {

    private static final Pattern TEXT_FIELD = Pattern.compile("^texts\\[(\\d+)](.*)$");

    private final TextEncoderClient text;
    private final GatewayConfig config;

    public EncodeService(TextEncoderClient text, GatewayConfig config) {
        this.text = text;
        this.config = config;
    }

    public CompletableFuture<EncodeResponse> encode(EncodeRequest request, Deadline deadline) {
        validate(request);
        List<Integer> textIndices = new ArrayList<>();
        EncodeResult[] results = new EncodeResult[request.getContentsCount()];
        List<ModalityStatus> modalityStatuses = new ArrayList<>();
        for (int i = 0; i < request.getContentsCount(); i++) {
            Content c = request.getContents(i);
            switch (c.getKindCase()) {
                case TEXT -> textIndices.add(i);
                case IMAGE -> results[i] = unimplemented(Modality.MODALITY_IMAGE, "image");
                case AUDIO -> results[i] = unimplemented(Modality.MODALITY_AUDIO, "audio");
                default -> throw new IllegalStateException("validated above");
            }
        }
        if (!request.getTargetSpacesList().isEmpty()) {
            // Reaching other spaces needs conversion between encoders, which arrives with the vision and audio
            // services; refuse plainly rather than return vectors of a space the caller did not ask for.
            throw GrpcErrors.error(Status.Code.UNIMPLEMENTED,
                    "target_spaces is not supported yet: every content is encoded in its native space only",
                    "TARGET_SPACES_UNSUPPORTED");
        }
        if (textIndices.isEmpty()) {
            return CompletableFuture.completedFuture(assemble(results, Map.of(), modalityStatuses));
        }
        EmbedRequest.Builder embed = EmbedRequest.newBuilder().setModel(request.getTextModel());
        textIndices.forEach(i -> embed.addTexts(request.getContents(i).getText()));
        long start = System.nanoTime();
        boolean onlyText = textIndices.size() == request.getContentsCount();
        return text.embed(embed.build(), deadline).handle((response, error) -> {
            int latencyMs = (int) ((System.nanoTime() - start) / 1_000_000);
            if (error != null) {
                com.google.rpc.Status status = Downstream.translate("text-service", error,
                        field -> textField(field, textIndices), config.unavailableRetryAfter());
                if (onlyText) {
                    throw Downstream.toException(status);
                }
                for (int i : textIndices) {
                    results[i] = EncodeResult.newBuilder()
                            .setModality(Modality.MODALITY_TEXT)
                            .setStatus(status)
                            .build();
                }
                modalityStatuses.add(modalityStatus(Modality.MODALITY_TEXT, status, latencyMs));
                return assemble(results, Map.of(), modalityStatuses);
            }
            modalityStatuses.add(modalityStatus(Modality.MODALITY_TEXT, GrpcErrors.ok(), latencyMs));
            Map<String, EmbeddingSpace> spaces = new LinkedHashMap<>();
            response.getSpacesList().forEach(s -> spaces.put(s.getId(), s));
            for (int k = 0; k < textIndices.size(); k++) {
                results[textIndices.get(k)] = fromText(response, k, textIndices);
            }
            return assemble(results, spaces, modalityStatuses);
        });
    }

    private void validate(EncodeRequest request) {
        List<GrpcErrors.FieldViolation> violations = new ArrayList<>();
        if (request.getContentsCount() == 0) {
            violations.add(new GrpcErrors.FieldViolation("contents", "at least one content is required"));
        }
        if (request.getContentsCount() > config.maxItemsPerCall()) {
            violations.add(new GrpcErrors.FieldViolation("contents", request.getContentsCount()
                    + " contents exceed the limit of " + config.maxItemsPerCall() + " per call (max_items_per_call)"));
        }
        for (int i = 0; i < request.getContentsCount(); i++) {
            if (request.getContents(i).getKindCase() == Content.KindCase.KIND_NOT_SET) {
                violations.add(new GrpcErrors.FieldViolation("contents[" + i + "]",
                        "content has no text, image or audio"));
            }
        }
        if (!violations.isEmpty()) {
            throw GrpcErrors.invalidArgument("INVALID_CONTENT", violations);
        }
    }

    private static EncodeResult fromText(EmbedResponse response, int k, List<Integer> textIndices) {
        EmbedResult r = response.getResults(k);
        EncodeResult.Builder b = EncodeResult.newBuilder()
                .setModality(Modality.MODALITY_TEXT)
                .setTokenCount(r.getTokenCount())
                .setTruncated(r.getTruncated());
        if (r.getStatus().getCode() == Status.Code.OK.value()) {
            b.setStatus(r.getStatus()).addEmbeddings(r.getEmbedding());
        } else {
            // Item errors keep their code and details; only the field paths change to this API's terms.
            b.setStatus(Downstream.translate("text-service", Downstream.toException(r.getStatus()),
                    field -> textField(field, textIndices), java.time.Duration.ZERO));
        }
        return b.build();
    }

    /** "texts[3]" of the text-service request is "contents[i].text" of the gateway request. */
    static String textField(String field, List<Integer> textIndices) {
        Matcher m = TEXT_FIELD.matcher(field);
        if (m.matches()) {
            int k = Integer.parseInt(m.group(1));
            if (k < textIndices.size()) {
                return "contents[" + textIndices.get(k) + "].text" + m.group(2);
            }
        }
        return field.equals("texts") ? "contents" : field;
    }

    private static EncodeResult unimplemented(Modality modality, String name) {
        return EncodeResult.newBuilder()
                .setModality(modality)
                .setStatus(GrpcErrors.simpleStatus(Status.Code.UNIMPLEMENTED,
                        "Encoding " + name + " content is not available yet: the " + name
                                + " service serves no embedding model",
                        "MODALITY_NOT_AVAILABLE"))
                .build();
    }

    private static ModalityStatus modalityStatus(Modality modality, com.google.rpc.Status status, int latencyMs) {
        return ModalityStatus.newBuilder().setModality(modality).setStatus(status).setLatencyMs(latencyMs).build();
    }

    private static EncodeResponse assemble(
            EncodeResult[] results, Map<String, EmbeddingSpace> spaces, List<ModalityStatus> statuses) {
        return EncodeResponse.newBuilder()
                .addAllResults(List.of(results))
                .addAllSpaces(spaces.values())
                .addAllModalityStatuses(statuses)
                .build();
    }
}

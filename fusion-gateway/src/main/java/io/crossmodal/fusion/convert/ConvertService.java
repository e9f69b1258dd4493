package io.crossmodal.fusion.convert;

import io.crossmodal.common.v1.Modality;
import io.crossmodal.fusion.config.GatewayConfig;
import io.crossmodal.fusion.downstream.Downstream;
import io.crossmodal.fusion.downstream.VisionEncoderClient;
import io.crossmodal.fusion.v1.Content;
import io.crossmodal.fusion.v1.ConvertRequest;
import io.crossmodal.fusion.v1.ConvertResponse;
import io.crossmodal.servicekit.grpc.GrpcErrors;
import io.crossmodal.vision.v1.DescribeImageRequest;
import io.crossmodal.vision.v1.DescribeImageResponse;
import io.crossmodal.vision.v1.TextLine;
import io.grpc.Deadline;
import io.grpc.Status;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;

/**
 * Convert. Image to text is the vision service's description (object tags and recognised text, the same text
 * Encode embeds to bring an image into a text space). Audio to text and text to audio need models the audio
 * service does not serve yet, so they answer UNIMPLEMENTED instead of anything made up.
 */
@ApplicationScoped
public class ConvertService {

    private final VisionEncoderClient vision;
    private final GatewayConfig config;

    public ConvertService(VisionEncoderClient vision, GatewayConfig config) {
        this.vision = vision;
        this.config = config;
    }

    public CompletableFuture<ConvertResponse> convert(ConvertRequest request, Deadline deadline) {
        Content.KindCase source = request.getSource().getKindCase();
        Modality target = request.getTarget();
        if (source == Content.KindCase.KIND_NOT_SET) {
            throw GrpcErrors.invalidArgument("INVALID_CONTENT", "source", "source has no text, image or audio");
        }
        if (target == Modality.MODALITY_UNSPECIFIED || target == Modality.UNRECOGNIZED) {
            throw GrpcErrors.invalidArgument(
                    "INVALID_TARGET",
                    "target",
                    "target modality is required: TEXT for images" + " and audio, AUDIO for text");
        }
        if (source == Content.KindCase.IMAGE && target == Modality.MODALITY_TEXT) {
            return describe(request, deadline);
        }
        if (source == Content.KindCase.AUDIO && target == Modality.MODALITY_TEXT) {
            throw GrpcErrors.error(
                    Status.Code.UNIMPLEMENTED,
                    "Audio to text (speech-recognition) is not built into Convert yet; the audio service's Transcribe is"
                            + " served on this port",
                    "MODALITY_NOT_AVAILABLE");
        }
        if (source == Content.KindCase.TEXT && target == Modality.MODALITY_AUDIO) {
            throw GrpcErrors.error(
                    Status.Code.UNIMPLEMENTED,
                    "Text to audio (speech-synthesis) is not built into Convert yet; the audio service's Synthesize is"
                            + " served on this port",
                    "MODALITY_NOT_AVAILABLE");
        }
        throw GrpcErrors.invalidArgument(
                "UNSUPPORTED_CONVERSION",
                "target",
                "cannot convert "
                        + source.name().toLowerCase() + " to " + target.name().replace("MODALITY_", "")
                        + ": the conversions are image to TEXT, audio to TEXT and text to AUDIO");
    }

    /** An empty description is a valid answer here (nothing recognised): the caller sees empty tags and lines. */
    private CompletableFuture<ConvertResponse> describe(ConvertRequest request, Deadline deadline) {
        DescribeImageRequest describe = DescribeImageRequest.newBuilder()
                .setImage(request.getSource().getImage())
                .build();
        return vision.describeImage(describe, deadline).handle((DescribeImageResponse r, Throwable error) -> {
            if (error != null) {
                throw Downstream.toException(Downstream.translate(
                        "vision-service",
                        error,
                        f -> f.equals("image") || f.startsWith("image.") ? "source." + f : f,
                        config.unavailableRetryAfter()));
            }
            return ConvertResponse.newBuilder()
                    .setResult(Content.newBuilder().setText(r.getDescription()))
                    .addAllTags(r.getTagsList())
                    .addAllTextLines(
                            r.getTextLinesList().stream().map(TextLine::getText).toList())
                    .build();
        });
    }
}

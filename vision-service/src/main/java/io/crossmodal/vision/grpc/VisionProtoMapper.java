package io.crossmodal.vision.grpc;

import io.crossmodal.common.v1.BatchingConfig;
import io.crossmodal.common.v1.BoundingBox;
import io.crossmodal.common.v1.DistanceMetric;
import io.crossmodal.common.v1.Embedding;
import io.crossmodal.common.v1.EmbeddingSpace;
import io.crossmodal.common.v1.Limit;
import io.crossmodal.common.v1.Media;
import io.crossmodal.common.v1.Modality;
import io.crossmodal.common.v1.ModelInfo;
import io.crossmodal.common.v1.ModelState;
import io.crossmodal.common.v1.Point;
import io.crossmodal.common.v1.ServiceLimits;
import io.crossmodal.runtime.batch.BatcherConfig;
import io.crossmodal.runtime.repository.ModelDescriptor;
import io.crossmodal.runtime.repository.ServingProperties;
import io.crossmodal.servicekit.error.ServiceException;
import io.crossmodal.servicekit.grpc.GrpcErrors;
import io.crossmodal.servicekit.health.ModelStates;
import io.crossmodal.vision.config.VisionServiceConfig;
import io.crossmodal.vision.decode.DecodedImage;
import io.crossmodal.vision.detect.DetectOptions;
import io.crossmodal.vision.detect.Detection;
import io.crossmodal.vision.detect.EmbeddingSpec;
import io.crossmodal.vision.detect.ObjectDetector;
import io.crossmodal.vision.embed.ImageEmbedder;
import io.crossmodal.vision.inference.VisionModels;
import io.crossmodal.vision.ocr.TextLine;
import io.crossmodal.vision.tasks.VisionTasks;
import io.crossmodal.vision.v1.DescribeImageRequest;
import io.crossmodal.vision.v1.DescribeImageResponse;
import io.crossmodal.vision.v1.DetectObjectsRequest;
import io.crossmodal.vision.v1.DetectObjectsResponse;
import io.crossmodal.vision.v1.DetectedObject;
import io.crossmodal.vision.v1.EmbedImageResult;
import io.crossmodal.vision.v1.EmbedImagesRequest;
import io.crossmodal.vision.v1.EmbedImagesResponse;
import io.crossmodal.vision.v1.ImageInfo;
import io.crossmodal.vision.v1.ListModelsResponse;
import io.crossmodal.vision.v1.ReadTextRequest;
import io.crossmodal.vision.v1.ReadTextResponse;
import java.util.List;
import java.util.Map;

/**
 * Converts between the vision service's domain types and its v1 proto messages: requests into domain inputs (with
 * the range checks of their fields), domain results into whole responses.
 */
final class VisionProtoMapper {

    private VisionProtoMapper() {}

    /** An image's bytes (a read-only view, not a copy) and its declared type. */
    static ImageEmbedder.Input image(Media media) {
        return new ImageEmbedder.Input(media.getData().asReadOnlyByteBuffer(), media.getMimeType());
    }

    static List<ImageEmbedder.Input> images(EmbedImagesRequest request) {
        return request.getImagesList().stream().map(VisionProtoMapper::image).toList();
    }

    /** The request's options; invalid input naming the field when one is out of range. */
    static DetectOptions detectOptions(DetectObjectsRequest r) {
        return new DetectOptions(r.getMinScore(), r.getNmsIouThreshold(), r.getMaxObjects());
    }

    static float minConfidence(ReadTextRequest r) {
        return unitInterval(r.getMinConfidence(), "min_confidence");
    }

    static float minTagScore(DescribeImageRequest r) {
        return unitInterval(r.getMinTagScore(), "min_tag_score");
    }

    private static float unitInterval(float value, String field) {
        if (!(value >= 0 && value <= 1)) {
            throw new ServiceException(
                    ServiceException.Kind.INVALID_INPUT,
                    "INVALID_OPTION",
                    "must be in [0, 1], was " + value,
                    field,
                    null,
                    Map.of(),
                    null);
        }
        return value;
    }

    static DetectObjectsResponse detectObjectsResponse(VisionTasks.Detected d) {
        return DetectObjectsResponse.newBuilder()
                .addAllObjects(d.objects().stream()
                        .map(VisionProtoMapper::detectedObject)
                        .toList())
                .setImage(imageInfo(d.image()))
                .setModel(d.model())
                .build();
    }

    static ReadTextResponse readTextResponse(VisionTasks.TextRead r) {
        return ReadTextResponse.newBuilder()
                .addAllLines(r.lines().stream().map(VisionProtoMapper::textLine).toList())
                .setImage(imageInfo(r.image()))
                .build();
    }

    /**
     * "cat, couch. Text: OPEN 24 HOURS / Coffee": distinct labels best first, then the lines in reading order.
     */
    static DescribeImageResponse describeImageResponse(VisionTasks.Described d) {
        return DescribeImageResponse.newBuilder()
                .setDescription(d.description().text())
                .addAllTags(d.description().tags())
                .addAllTextLines(d.description().lines().stream()
                        .map(VisionProtoMapper::textLine)
                        .toList())
                .setImage(imageInfo(d.image()))
                .build();
    }

    /** One result per image, in order: its embedding, or the status of the decoder's refusal on {@code images[i]}. */
    static EmbedImagesResponse embedImagesResponse(VisionTasks.Embedded e) {
        EmbedImagesResponse.Builder response =
                EmbedImagesResponse.newBuilder().addSpaces(space(e.detector(), e.space()));
        for (int i = 0; i < e.results().size(); i++) {
            ImageEmbedder.Result r = e.results().get(i);
            EmbedImageResult.Builder item = EmbedImageResult.newBuilder();
            if (r.rejected() != null) {
                item.setStatus(GrpcErrors.toStatus(r.rejected(), "images[" + i + "]"));
            } else {
                item.setStatus(GrpcErrors.ok())
                        .setEmbedding(embedding(e.space().spaceId(), r.vector()))
                        .setImage(imageInfo(r.image()));
            }
            response.addResults(item);
        }
        return response.build();
    }

    /** The detector and the OCR models with their states, and the service's limits. */
    static ListModelsResponse listModels(VisionModels models, VisionServiceConfig config, long maxInboundMessageBytes) {
        ListModelsResponse.Builder response = ListModelsResponse.newBuilder()
                .setLimits(ServiceLimits.newBuilder()
                        .addLimits(limit(
                                "max_request_bytes",
                                maxInboundMessageBytes,
                                "bytes",
                                "Largest gRPC message the service reads"))
                        .addLimits(limit(
                                "max_image_bytes",
                                config.maxImageBytes(),
                                "bytes",
                                "Largest encoded image, checked before parsing"))
                        .addLimits(limit(
                                "max_image_pixels",
                                config.maxImagePixels(),
                                "pixels",
                                "Most pixels an image may have, read from its header before decoding"))
                        .addLimits(limit(
                                "max_items_per_call",
                                config.maxImagesPerCall(),
                                "items",
                                "Most images one EmbedImages call may carry"))
                        .addLimits(limit(
                                "max_pixels_in_flight",
                                models.intake().budget().capacity(),
                                "pixels",
                                "Most decoded pixels all calls in flight may hold; beyond it RESOURCE_EXHAUSTED"))
                        .addLimits(limit(
                                "decode_timeout",
                                config.decodeTimeout().toMillis(),
                                "milliseconds",
                                "Longest one image may take to decode before it is refused")));
        models.detectorDescriptor().ifPresent(d -> {
            ModelStates.Entry state = models.states().get(d.name());
            boolean ready = state.state() == ModelStates.State.READY;
            ModelInfo.Builder info =
                    modelInfo(d, state, ready ? models.detector().batching() : null).toBuilder();
            if (ready) {
                models.detector().embedding().ifPresent(e -> info.setSpace(space(models.detector(), e)));
            }
            response.addModels(info);
        });
        models.loadedReader()
                .ifPresent(r -> r.models()
                        .forEach(d -> response.addModels(
                                modelInfo(d, models.states().get(VisionModels.OCR), r.batching(d.name())))));
        return response.build();
    }

    private static Limit limit(String name, long value, String unit, String description) {
        return Limit.newBuilder()
                .setName(name)
                .setValue(value)
                .setUnit(unit)
                .setDescription(description)
                .build();
    }

    static DetectedObject detectedObject(Detection d) {
        return DetectedObject.newBuilder()
                .setLabel(d.label())
                .setClassId(d.classId())
                .setScore(d.score())
                .setBox(BoundingBox.newBuilder()
                        .setXMin(d.box().xMin())
                        .setYMin(d.box().yMin())
                        .setXMax(d.box().xMax())
                        .setYMax(d.box().yMax()))
                .build();
    }

    /** The proto's TextLine shares its name with the domain's, hence the qualified name. */
    static io.crossmodal.vision.v1.TextLine textLine(TextLine line) {
        io.crossmodal.vision.v1.TextLine.Builder b = io.crossmodal.vision.v1.TextLine.newBuilder()
                .setText(line.text())
                .setConfidence(line.confidence())
                .setAngleDegrees(line.angleDegrees())
                .setBox(BoundingBox.newBuilder()
                        .setXMin(line.box().xMin())
                        .setYMin(line.box().yMin())
                        .setXMax(line.box().xMax())
                        .setYMax(line.box().yMax()));
        for (TextLine.Point p : line.polygon()) {
            b.addPolygon(Point.newBuilder().setX(p.x()).setY(p.y()));
        }
        return b.build();
    }

    static Embedding embedding(String spaceId, float[] vector) {
        Embedding.Builder b = Embedding.newBuilder().setSpaceId(spaceId).setDimension(vector.length);
        for (float v : vector) {
            b.addValues(v);
        }
        return b.build();
    }

    static EmbeddingSpace space(ObjectDetector detector, EmbeddingSpec e) {
        return EmbeddingSpace.newBuilder()
                .setId(e.spaceId())
                .setModel(detector.descriptor().name())
                .setVersion(detector.descriptor().version())
                .setPreprocessingRevision(e.preprocessingRevision())
                .setDimension(e.dimension())
                .addModalities(Modality.MODALITY_IMAGE)
                .setMetric(DistanceMetric.DISTANCE_METRIC_COSINE)
                .setNormalized(true)
                .build();
    }

    static ImageInfo imageInfo(DecodedImage image) {
        return ImageInfo.newBuilder()
                .setWidth(image.width())
                .setHeight(image.height())
                .setFormat(image.formatName())
                .setFrameCount(Math.max(image.frameCount(), 1))
                .build();
    }

    static ModelInfo modelInfo(ModelDescriptor d, ModelStates.Entry state, BatcherConfig batching) {
        ModelInfo.Builder b = ModelInfo.newBuilder()
                .setName(d.name())
                .setVersion(d.version())
                .setEngine(d.engine())
                .setTask(d.task())
                .setModality(Modality.MODALITY_IMAGE)
                .addAllLanguages(d.settings().get(ServingProperties.LANGUAGES))
                .setLicense(d.license())
                .setSource(d.source())
                .setIsDefault(true)
                .setState(
                        switch (state.state()) {
                            case LOADING -> ModelState.MODEL_STATE_LOADING;
                            case READY -> ModelState.MODEL_STATE_READY;
                            case FAILED -> ModelState.MODEL_STATE_FAILED;
                        })
                .setStateMessage(state.message());
        if (batching != null) {
            b.setBatching(BatchingConfig.newBuilder()
                    .setMaxBatchSize(batching.maxBatchSize())
                    .setMaxQueueDelayMs((int) batching.maxQueueDelay().toMillis())
                    .setQueueCapacity(batching.queueCapacity())
                    .setMaxBatchCost(batching.maxBatchCost())
                    .setCostUnit(batching.costUnit()));
        }
        return b.build();
    }
}

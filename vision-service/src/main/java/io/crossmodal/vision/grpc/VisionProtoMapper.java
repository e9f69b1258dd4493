package io.crossmodal.vision.grpc;

import io.crossmodal.common.v1.BatchingConfig;
import io.crossmodal.common.v1.BoundingBox;
import io.crossmodal.common.v1.Modality;
import io.crossmodal.common.v1.ModelInfo;
import io.crossmodal.common.v1.ModelState;
import io.crossmodal.runtime.batch.BatcherConfig;
import io.crossmodal.servicekit.grpc.GrpcErrors;
import io.crossmodal.servicekit.health.ModelStates;
import io.crossmodal.runtime.repository.ModelDescriptor;
import io.crossmodal.runtime.repository.ServingProperties;
import io.crossmodal.vision.decode.DecodedImage;
import io.crossmodal.vision.detect.DetectOptions;
import io.crossmodal.vision.detect.Detection;
import io.crossmodal.vision.detect.InvalidDetectOptionsException;
import io.crossmodal.vision.v1.DetectObjectsRequest;
import io.crossmodal.vision.v1.DetectedObject;
import io.crossmodal.vision.v1.ImageInfo;

/** Converts between the vision service's domain types and its v1 proto messages. */
final class VisionProtoMapper {

    private VisionProtoMapper() {}

    /** The request's options; INVALID_ARGUMENT naming the field when one is out of range. */
    static DetectOptions detectOptions(DetectObjectsRequest r) {
        try {
            return new DetectOptions(r.getMinScore(), r.getNmsIouThreshold(), r.getMaxObjects());
        } catch (InvalidDetectOptionsException e) {
            throw GrpcErrors.invalidArgument("INVALID_OPTION", e.field(), e.getMessage());
        }
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

    static io.crossmodal.vision.v1.TextLine textLine(io.crossmodal.vision.ocr.TextLine line) {
        io.crossmodal.vision.v1.TextLine.Builder b = io.crossmodal.vision.v1.TextLine.newBuilder()
                .setText(line.text())
                .setConfidence(line.confidence())
                .setAngleDegrees(line.angleDegrees())
                .setBox(BoundingBox.newBuilder()
                        .setXMin(line.box().xMin())
                        .setYMin(line.box().yMin())
                        .setXMax(line.box().xMax())
                        .setYMax(line.box().yMax()));
        for (io.crossmodal.vision.ocr.TextLine.Point p : line.polygon()) {
            b.addPolygon(io.crossmodal.common.v1.Point.newBuilder().setX(p.x()).setY(p.y()));
        }
        return b.build();
    }

    /**
     * "cat, couch. Text: OPEN 24 HOURS / Coffee": distinct labels best first, then the lines in reading order.
     */
    static io.crossmodal.vision.v1.DescribeImageResponse description(
            io.crossmodal.vision.describe.ImageDescription description, DecodedImage image) {
        return io.crossmodal.vision.v1.DescribeImageResponse.newBuilder()
                .setDescription(description.text())
                .addAllTags(description.tags())
                .addAllTextLines(description.lines().stream().map(VisionProtoMapper::textLine).toList())
                .setImage(imageInfo(image))
                .build();
    }

    static io.crossmodal.common.v1.Embedding embedding(String spaceId, float[] vector) {
        io.crossmodal.common.v1.Embedding.Builder b = io.crossmodal.common.v1.Embedding.newBuilder()
                .setSpaceId(spaceId)
                .setDimension(vector.length);
        for (float v : vector) {
            b.addValues(v);
        }
        return b.build();
    }

    static io.crossmodal.common.v1.EmbeddingSpace space(io.crossmodal.vision.detect.ObjectDetector detector,
            io.crossmodal.vision.detect.EmbeddingSpec e) {
        return io.crossmodal.common.v1.EmbeddingSpace.newBuilder()
                .setId(e.spaceId())
                .setModel(detector.descriptor().name())
                .setVersion(detector.descriptor().version())
                .setPreprocessingRevision(e.preprocessingRevision())
                .setDimension(e.dimension())
                .addModalities(Modality.MODALITY_IMAGE)
                .setMetric(io.crossmodal.common.v1.DistanceMetric.DISTANCE_METRIC_COSINE)
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
                .setState(switch (state.state()) {
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

package io.crossmodal.text.grpc;

import io.crossmodal.common.v1.BatchingConfig;
import io.crossmodal.common.v1.DistanceMetric;
import io.crossmodal.common.v1.Embedding;
import io.crossmodal.common.v1.EmbeddingSpace;
import io.crossmodal.common.v1.Limit;
import io.crossmodal.common.v1.Modality;
import io.crossmodal.common.v1.ModelInfo;
import io.crossmodal.common.v1.ModelState;
import io.crossmodal.common.v1.ServiceLimits;
import io.crossmodal.runtime.batch.BatcherConfig;
import io.crossmodal.servicekit.health.ModelStates;
import io.crossmodal.runtime.repository.ModelDescriptor;
import io.crossmodal.text.config.TextServiceConfig;
import io.crossmodal.text.inference.TextEmbedder;
import io.crossmodal.text.inference.TextModelSpec;
import io.crossmodal.text.v1.TruncationPolicy;

/** Converts between the text service's domain types and its v1 proto messages. */
final class TextProtoMapper {

    private TextProtoMapper() {}

    static TextEmbedder.TruncationChoice truncation(TruncationPolicy policy) {
        return switch (policy) {
            case TRUNCATION_POLICY_NONE -> TextEmbedder.TruncationChoice.NONE;
            case TRUNCATION_POLICY_END -> TextEmbedder.TruncationChoice.END;
            default -> TextEmbedder.TruncationChoice.DEFAULT;
        };
    }

    static EmbeddingSpace space(TextModelSpec spec) {
        return EmbeddingSpace.newBuilder()
                .setId(spec.spaceId())
                .setModel(spec.name())
                .setVersion(spec.version())
                .setPreprocessingRevision(spec.preprocessingRevision())
                .setDimension(spec.dimension())
                .addModalities(Modality.MODALITY_TEXT)
                .setMetric(DistanceMetric.DISTANCE_METRIC_COSINE)
                .setNormalized(spec.normalize())
                .build();
    }

    static Embedding embedding(String spaceId, float[] vector) {
        Embedding.Builder b = Embedding.newBuilder().setSpaceId(spaceId).setDimension(vector.length);
        for (float v : vector) {
            b.addValues(v);
        }
        return b.build();
    }

    static BatchingConfig batching(BatcherConfig c) {
        return BatchingConfig.newBuilder()
                .setMaxBatchSize(c.maxBatchSize())
                .setMaxQueueDelayMs((int) c.maxQueueDelay().toMillis())
                .setQueueCapacity(c.queueCapacity())
                .setMaxBatchCost(c.maxBatchCost())
                .setCostUnit(c.costUnit())
                .build();
    }

    static ModelInfo modelInfo(ModelDescriptor d, ModelStates.Entry state, boolean isDefault, BatcherConfig batching) {
        TextModelSpec spec = TextModelSpec.from(d);
        ModelInfo.Builder b = ModelInfo.newBuilder()
                .setName(d.name())
                .setVersion(d.version())
                .setEngine(d.engine())
                .setTask(d.task())
                .setModality(Modality.MODALITY_TEXT)
                .setSpace(space(spec))
                .addAllLanguages(spec.languages())
                .setMaxInputTokens(spec.maxTokens())
                .setLicense(d.license())
                .setSource(d.source())
                .setState(modelState(state))
                .setStateMessage(state.message())
                .setIsDefault(isDefault);
        if (batching != null) {
            b.setBatching(batching(batching));
        }
        return b.build();
    }

    /** A configured model not (yet) found in the repository: only its name and state are known. */
    static ModelInfo unresolvedModelInfo(String name, ModelStates.Entry state, boolean isDefault) {
        return ModelInfo.newBuilder()
                .setName(name)
                .setModality(Modality.MODALITY_TEXT)
                .setState(modelState(state))
                .setStateMessage(state.message())
                .setIsDefault(isDefault)
                .build();
    }

    private static ModelState modelState(ModelStates.Entry state) {
        return switch (state.state()) {
            case LOADING -> ModelState.MODEL_STATE_LOADING;
            case READY -> ModelState.MODEL_STATE_READY;
            case FAILED -> ModelState.MODEL_STATE_FAILED;
        };
    }

    static ServiceLimits limits(TextServiceConfig config) {
        return ServiceLimits.newBuilder()
                .addLimits(limit("max_items_per_call", config.maxItemsPerCall(), "items",
                        "Texts in one Embed or Tokenize call"))
                .addLimits(limit("max_request_bytes", config.maxRequestBytes(), "bytes",
                        "UTF-8 bytes of all texts of one call"))
                .addLimits(limit("max_text_bytes", config.maxTextBytes(), "bytes",
                        "UTF-8 bytes of one text, checked before tokenization"))
                .build();
    }

    private static Limit limit(String name, long value, String unit, String description) {
        return Limit.newBuilder().setName(name).setValue(value).setUnit(unit).setDescription(description).build();
    }
}

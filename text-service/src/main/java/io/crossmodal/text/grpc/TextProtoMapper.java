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
import io.crossmodal.runtime.repository.ModelDescriptor;
import io.crossmodal.servicekit.grpc.GrpcErrors;
import io.crossmodal.servicekit.health.ModelStates;
import io.crossmodal.text.config.TextServiceConfig;
import io.crossmodal.text.inference.TextEmbedder;
import io.crossmodal.text.inference.TextModel;
import io.crossmodal.text.inference.TextModelSpec;
import io.crossmodal.text.inference.TextModels;
import io.crossmodal.text.inference.TextToken;
import io.crossmodal.text.v1.EmbedResponse;
import io.crossmodal.text.v1.EmbedResult;
import io.crossmodal.text.v1.ListModelsResponse;
import io.crossmodal.text.v1.Token;
import io.crossmodal.text.v1.TokenizeResponse;
import io.crossmodal.text.v1.TokenizeResult;
import io.crossmodal.text.v1.TruncationPolicy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

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

    /** One result per text, in order, each with its status; every space used is listed once. */
    static EmbedResponse embedResponse(List<TextEmbedder.Result> results) {
        EmbedResponse.Builder response = EmbedResponse.newBuilder();
        Map<String, EmbeddingSpace> spaces = new LinkedHashMap<>();
        for (TextEmbedder.Result r : results) {
            EmbedResult.Builder item = EmbedResult.newBuilder()
                    .setModel(r.model().spec().name())
                    .setDetectedLanguage(r.detectedLanguage());
            if (r.tokens() != null) {
                item.setTokenCount(r.tokens().length()).setTruncated(r.tokens().truncated());
            }
            if (r.ok()) {
                String spaceId = r.model().spec().spaceId();
                spaces.computeIfAbsent(spaceId, id -> space(r.model().spec()));
                item.setStatus(GrpcErrors.ok()).setEmbedding(embedding(spaceId, r.vector()));
            } else {
                item.setStatus(GrpcErrors.toStatus(r.error()));
            }
            response.addResults(item);
        }
        return response.addAllSpaces(spaces.values()).build();
    }

    static TokenizeResponse tokenizeResponse(List<TextEmbedder.Tokenized> texts) {
        TokenizeResponse.Builder response = TokenizeResponse.newBuilder();
        for (TextEmbedder.Tokenized t : texts) {
            TextEmbedder.Prepared p = t.prepared();
            TokenizeResult.Builder item =
                    TokenizeResult.newBuilder().setModel(p.model().spec().name());
            if (p.error() != null) {
                item.setStatus(GrpcErrors.toStatus(p.error()));
            } else {
                item.setStatus(GrpcErrors.ok())
                        .setTruncated(p.tokens().truncated())
                        .setUntruncatedTokenCount(p.tokens().untruncatedLength())
                        .addAllTokens(
                                t.tokens().stream().map(TextProtoMapper::token).toList());
            }
            response.addResults(item);
        }
        return response.build();
    }

    static Token token(TextToken t) {
        return Token.newBuilder()
                .setId(t.id())
                .setText(t.text())
                .setSpecial(t.special())
                .setStart(t.start())
                .setEnd(t.end())
                .build();
    }

    /**
     * Every configured model: those found in the repository with their descriptor, the others (missing, or not
     * read yet) by name and state; plus the service's limits.
     */
    static ListModelsResponse listModels(TextModels models, TextServiceConfig config) {
        ListModelsResponse.Builder response = ListModelsResponse.newBuilder().setLimits(limits(config));
        Set<String> defaults = new TreeSet<>(List.of(config.defaultEnglishModel(), config.defaultChineseModel()));
        Set<String> described = new TreeSet<>();
        for (ModelDescriptor descriptor : models.descriptors()) {
            BatcherConfig batching =
                    models.loaded(descriptor.name()).map(TextModel::batching).orElse(null);
            response.addModels(modelInfo(
                    descriptor,
                    models.states().get(descriptor.name()),
                    defaults.contains(descriptor.name()),
                    batching));
            described.add(descriptor.name());
        }
        for (String name : models.configuredModels()) {
            if (!described.contains(name)) {
                response.addModels(unresolvedModelInfo(name, models.states().get(name), defaults.contains(name)));
            }
        }
        return response.build();
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
                .addLimits(limit(
                        "max_items_per_call", config.maxItemsPerCall(), "items", "Texts in one Embed or Tokenize call"))
                .addLimits(limit(
                        "max_request_bytes", config.maxRequestBytes(), "bytes", "UTF-8 bytes of all texts of one call"))
                .addLimits(limit(
                        "max_text_bytes",
                        config.maxTextBytes(),
                        "bytes",
                        "UTF-8 bytes of one text, checked before tokenization"))
                .build();
    }

    private static Limit limit(String name, long value, String unit, String description) {
        return Limit.newBuilder()
                .setName(name)
                .setValue(value)
                .setUnit(unit)
                .setDescription(description)
                .build();
    }
}

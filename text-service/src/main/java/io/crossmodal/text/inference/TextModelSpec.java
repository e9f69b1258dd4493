package io.crossmodal.text.inference;

import static io.crossmodal.runtime.repository.ServingProperties.EMBEDDING_DIMENSION;
import static io.crossmodal.runtime.repository.ServingProperties.EMBEDDING_NORMALIZE;
import static io.crossmodal.runtime.repository.ServingProperties.EMBEDDING_POOLING;
import static io.crossmodal.runtime.repository.ServingProperties.INPUTS;
import static io.crossmodal.runtime.repository.ServingProperties.LANGUAGES;
import static io.crossmodal.runtime.repository.ServingProperties.MAX_TOKENS;
import static io.crossmodal.runtime.repository.ServingProperties.PREPROCESSING_REVISION;
import static io.crossmodal.runtime.repository.ServingProperties.TOKENIZER_FILE;

import io.crossmodal.runtime.repository.ModelDescriptor;
import io.crossmodal.runtime.repository.ServingProperties;
import io.crossmodal.runtime.repository.ServingProperties.EmbeddingPooling;
import java.util.List;

/**
 * What the text service needs to know about a text model, read from its {@code serving.properties}.
 *
 * @param spaceId the embedding space id, "model@version#revision"
 * @param inputNames the model's inputs in the order the graph declares them
 */
public record TextModelSpec(
        String name,
        String version,
        String engine,
        String tokenizerFile,
        int dimension,
        Pooling pooling,
        boolean normalize,
        String preprocessingRevision,
        String spaceId,
        List<String> languages,
        int maxTokens,
        List<String> inputNames) {

    public static TextModelSpec from(ModelDescriptor d) {
        ServingProperties s = d.settings();
        String revision = s.get(PREPROCESSING_REVISION, "r1");
        return new TextModelSpec(
                d.name(),
                d.version(),
                d.engine(),
                s.get(TOKENIZER_FILE),
                s.find(EMBEDDING_DIMENSION).orElse(0),
                // the schema also knows the image and speech poolings, which Pooling refuses
                Pooling.parse(s.get(EMBEDDING_POOLING, EmbeddingPooling.MEAN).label()),
                s.get(EMBEDDING_NORMALIZE),
                revision,
                d.spaceId(revision),
                s.get(LANGUAGES),
                s.get(MAX_TOKENS),
                s.get(INPUTS));
    }
}

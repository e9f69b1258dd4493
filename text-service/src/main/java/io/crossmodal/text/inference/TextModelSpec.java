package io.crossmodal.text.inference;

import io.crossmodal.runtime.repository.ModelDescriptor;
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
        String revision = d.property("preprocessing.revision").orElse("r1");
        return new TextModelSpec(
                d.name(),
                d.version(),
                d.engine(),
                d.property("tokenizer.file").orElse("tokenizer.json"),
                d.intProperty("embedding.dimension", 0),
                Pooling.parse(d.property("embedding.pooling").orElse("mean")),
                d.booleanProperty("embedding.normalize", true),
                revision,
                d.property("space.id").orElse(d.name() + "@" + d.version() + "#" + revision),
                d.listProperty("languages"),
                d.intProperty("max.tokens", 512),
                d.property("inputs").map(v -> d.listProperty("inputs"))
                        .orElse(List.of("input_ids", "attention_mask", "token_type_ids")));
    }
}

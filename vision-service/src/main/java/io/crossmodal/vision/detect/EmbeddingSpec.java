package io.crossmodal.vision.detect;

import io.crossmodal.runtime.repository.ModelDescriptor;
import io.crossmodal.runtime.repository.ModelRepositoryException;
import java.util.Optional;

/**
 * How a detection model also gives an image embedding ({@code embedding.*} keys of its serving.properties): the
 * signature output holding a feature map, pooled by {@link FeaturePooling} into a vector of {@code dimension}
 * values. The vectors live in the model's own space ({@code space.id}): they measure visual similarity and are
 * not comparable with text vectors.
 *
 * @param outputName           signature output of the feature map, NHWC
 * @param dimension            channels of the feature map, the vector's length
 * @param spaceId              {@code <model>@<version>#<preprocessing revision>}
 * @param preprocessingRevision revision of the letterbox + pooling that make the vector
 */
public record EmbeddingSpec(String outputName, int dimension, String spaceId, String preprocessingRevision) {

    /** The only pooling the service implements. */
    public static final String POOLING = "mean-over-image-cells";

    /** The embedding settings of {@code descriptor}, or empty when it names no {@code embedding.output}. */
    public static Optional<EmbeddingSpec> from(ModelDescriptor descriptor) {
        Optional<String> output = descriptor.property("embedding.output");
        if (output.isEmpty()) {
            return Optional.empty();
        }
        String pooling = descriptor.property("embedding.pooling").orElse(POOLING);
        if (!pooling.equals(POOLING)) {
            throw new ModelRepositoryException("Key 'embedding.pooling' of " + descriptor + " is '" + pooling
                    + "'; image embeddings support only '" + POOLING + "'");
        }
        int dimension = descriptor.intProperty("embedding.dimension", 0);
        if (dimension < 1) {
            throw new ModelRepositoryException("Key 'embedding.dimension' of " + descriptor
                    + " must be a positive number of channels");
        }
        String revision = descriptor.require("preprocessing.revision");
        String spaceId = descriptor.property("space.id")
                .orElse(descriptor.name() + "@" + descriptor.version() + "#" + revision);
        return Optional.of(new EmbeddingSpec(output.get(), dimension, spaceId, revision));
    }
}

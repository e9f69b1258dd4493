package io.crossmodal.vision.detect;

import static io.crossmodal.runtime.repository.ServingProperties.EMBEDDING_DIMENSION;
import static io.crossmodal.runtime.repository.ServingProperties.EMBEDDING_OUTPUT;
import static io.crossmodal.runtime.repository.ServingProperties.EMBEDDING_POOLING;
import static io.crossmodal.runtime.repository.ServingProperties.PREPROCESSING_REVISION;

import io.crossmodal.runtime.repository.ModelDescriptor;
import io.crossmodal.runtime.repository.ServingProperties;
import io.crossmodal.runtime.repository.ServingProperties.EmbeddingPooling;
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
    public static final String POOLING = EmbeddingPooling.MEAN_OVER_IMAGE_CELLS.label();

    /** The embedding settings of {@code descriptor}, or empty when it names no {@code embedding.output}. */
    public static Optional<EmbeddingSpec> from(ModelDescriptor descriptor) {
        ServingProperties s = descriptor.settings();
        Optional<String> output = s.find(EMBEDDING_OUTPUT);
        if (output.isEmpty()) {
            return Optional.empty();
        }
        s.requireValues("image embeddings", EMBEDDING_POOLING.isOrAbsent(EmbeddingPooling.MEAN_OVER_IMAGE_CELLS));
        int dimension = s.require(EMBEDDING_DIMENSION);
        String revision = s.require(PREPROCESSING_REVISION);
        return Optional.of(new EmbeddingSpec(output.get(), dimension, descriptor.spaceId(revision), revision));
    }
}

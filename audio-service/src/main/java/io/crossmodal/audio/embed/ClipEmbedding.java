package io.crossmodal.audio.embed;

import io.crossmodal.audio.vad.SpeechSpan;
import java.util.List;

/**
 * A clip's vector in the speech-embedding space, and optionally one per speech segment.
 *
 * @param vector   L2-normalised mean of the clip's window embeddings: of the windows centred in speech, or of all
 *                 windows when no speech was given ({@link #pooledOverSpeech()} false)
 * @param pooledOverSpeech true when the vector pools the speech segments only
 * @param segments one per speech segment, in order, when asked for; else empty
 * @param windows  window embeddings the clip gave (one per 80 ms after the first 775 ms)
 * @param padded   true when the clip was shorter than one window (12,512 samples) and was zero-padded to it
 * @param spaceId  the embedding space, {@code <model>@<version>#<revision>}
 */
public record ClipEmbedding(
        float[] vector,
        boolean pooledOverSpeech,
        List<SegmentEmbedding> segments,
        int windows,
        boolean padded,
        String spaceId) {

    /**
     * One segment's vector.
     *
     * @param segment the speech segment
     * @param vector  L2-normalised mean of the windows centred in the segment; of the one window centred nearest to
     *                the segment's middle when none is (segments shorter than 80 ms or within 390 ms of an end)
     * @param windows windows pooled
     */
    public record SegmentEmbedding(SpeechSpan segment, float[] vector, int windows) {}

    public ClipEmbedding {
        segments = List.copyOf(segments);
    }
}

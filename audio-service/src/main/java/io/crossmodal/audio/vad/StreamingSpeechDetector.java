package io.crossmodal.audio.vad;

import io.crossmodal.servicekit.call.RequestScope;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * Voice activity over audio that arrives in pieces (streaming transcription): a {@link SileroVad.Stream} for the
 * probabilities and a {@link SpeechSegmenter} for the segments. Each {@link #accept} completes with the segments that
 * became final with that audio; {@link #finish} with the rest. The segments are exactly those
 * {@link SileroVad#detectSpeech} finds on the whole audio. One per stream, one call at a time.
 */
public final class StreamingSpeechDetector {

    private final SileroVad.Stream stream;
    private final SpeechSegmenter segmenter;

    public StreamingSpeechDetector(SileroVad vad, SpeechSegmenter.Config config) {
        this.stream = vad.newStream();
        this.segmenter = new SpeechSegmenter(config);
    }

    /** Adds 16 kHz samples; completes with the segments that became final, in order (usually none). */
    public CompletableFuture<List<SpeechSpan>> accept(float[] samples, RequestScope scope) {
        return stream.accept(samples, scope).thenApply(segmenter::accept);
    }

    /** Ends the stream; completes with the segments still to come. */
    public CompletableFuture<List<SpeechSpan>> finish(RequestScope scope) {
        long total = stream.samplesReceived();
        return stream.finish(scope).thenApply(last -> {
            List<SpeechSpan> out = new ArrayList<>(segmenter.accept(last));
            out.addAll(segmenter.finish(total));
            return out;
        });
    }

    /** True while speech is going on (an open, not yet confirmed segment). */
    public boolean inSpeech() {
        return segmenter.inSpeech();
    }

    /** Unpadded start of the speech going on, in samples from the start of the stream. */
    public OptionalLong openSegmentStart() {
        return segmenter.openSegmentStart();
    }

    /** Samples received so far. */
    public long samplesReceived() {
        return stream.samplesReceived();
    }
}

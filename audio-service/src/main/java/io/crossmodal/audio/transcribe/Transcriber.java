package io.crossmodal.audio.transcribe;

import io.crossmodal.audio.MonoAudio;
import io.crossmodal.audio.asr.SpeechRecognizer;
import io.crossmodal.audio.asr.Transcript;
import io.crossmodal.audio.vad.SpeechSpan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Transcription aligned with the speech segments: the recogniser runs on each segment the voice-activity detector
 * found, on exactly that segment's samples. Unary and streaming transcription both end here, with the same
 * segments (the streaming detector finds exactly the offline segments), so their final transcripts are equal.
 * Recognising per segment also keeps long silences out of the recogniser, which would otherwise spend time on them
 * and sometimes hallucinate words there.
 */
public final class Transcriber {

    private Transcriber() {}

    /**
     * Recognises one segment of {@code audio} (16 kHz); blocks.
     *
     * @param samples the clip's samples (at least up to the segment's end)
     */
    public static SegmentTranscript recognize(SpeechRecognizer recognizer, float[] samples, SpeechSpan segment) {
        int from = (int) Math.min(segment.startSample(), samples.length);
        int to = (int) Math.min(segment.endSample(), samples.length);
        Transcript t = recognizer.transcribe(new MonoAudio(Arrays.copyOfRange(samples, from, to),
                MonoAudio.MODEL_RATE));
        return new SegmentTranscript(segment, t.shifted(segment.startMs()));
    }

    /** Recognises every segment in order; blocks. */
    public static List<SegmentTranscript> recognizeAll(SpeechRecognizer recognizer, MonoAudio audio,
            List<SpeechSpan> segments) {
        List<SegmentTranscript> out = new ArrayList<>(segments.size());
        for (SpeechSpan span : segments) {
            out.add(recognize(recognizer, audio.samples(), span));
        }
        return out;
    }

    /** The whole transcript: non-empty segment texts joined by single spaces. */
    public static String text(List<SegmentTranscript> segments) {
        return segments.stream().map(s -> s.transcript().text()).filter(t -> !t.isBlank())
                .collect(Collectors.joining(" "));
    }
}

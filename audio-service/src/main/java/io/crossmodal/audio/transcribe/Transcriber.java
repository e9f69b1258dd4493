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

    /** Audio before each segment given to the recogniser too (250 ms). */
    static final int PRE_ROLL_SAMPLES = 4_000;

    private Transcriber() {}

    /**
     * Recognises one segment of {@code audio} (16 kHz); blocks. Narrow-band input gets its empty upper band filled
     * first ({@link BandwidthFill}), per segment, so unary and streaming fill identically.
     *
     * @param samples      the clip's samples (at least up to the segment's end)
     * @param originalRate the rate the clip was recorded at, before resampling to 16 kHz
     */
    public static SegmentTranscript recognize(
            SpeechRecognizer recognizer, float[] samples, SpeechSpan segment, int originalRate) {
        // a little audio before the segment: the detector's 30 ms pad cuts into plosives ("please" was heard as
        // "lee's"), and the recogniser wants some silence to start from
        int from = (int) Math.max(0, Math.min(segment.startSample(), samples.length) - PRE_ROLL_SAMPLES);
        int to = (int) Math.min(segment.endSample(), samples.length);
        Transcript t = recognizer.transcribe(BandwidthFill.fill(
                new MonoAudio(Arrays.copyOfRange(samples, from, to), MonoAudio.MODEL_RATE), originalRate));
        return new SegmentTranscript(segment, t.shifted(from * 1000L / MonoAudio.MODEL_RATE));
    }

    /** Recognises every segment in order; blocks. */
    public static List<SegmentTranscript> recognizeAll(
            SpeechRecognizer recognizer, MonoAudio audio, List<SpeechSpan> segments, int originalRate) {
        List<SegmentTranscript> out = new ArrayList<>(segments.size());
        for (SpeechSpan span : segments) {
            out.add(recognize(recognizer, audio.samples(), span, originalRate));
        }
        return out;
    }

    /** The whole transcript: non-empty segment texts joined by single spaces. */
    public static String text(List<SegmentTranscript> segments) {
        return segments.stream()
                .map(s -> s.transcript().text())
                .filter(t -> !t.isBlank())
                .collect(Collectors.joining(" "));
    }
}

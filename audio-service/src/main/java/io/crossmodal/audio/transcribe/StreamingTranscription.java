package io.crossmodal.audio.transcribe;

import io.crossmodal.audio.asr.RecognitionStream;
import io.crossmodal.audio.asr.SpeechRecognizer;
import io.crossmodal.audio.decode.AudioDecodeException;
import io.crossmodal.audio.decode.StreamingAudioDecoder;
import io.crossmodal.audio.vad.SpeechSegmenter;
import io.crossmodal.audio.vad.SpeechSpan;
import io.crossmodal.audio.vad.StreamingSpeechDetector;
import io.crossmodal.servicekit.call.RequestScope;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One streaming transcription: audio bytes arrive in chunks; each chunk is decoded (to 16 kHz mono), run through
 * the streaming voice-activity detector, and
 *
 * <ul>
 *   <li>every speech segment that became final is recognised on exactly its samples ({@link Transcriber}), as the
 *       unary path does, so the final transcript equals the unary one;</li>
 *   <li>while speech is going on, a live recogniser stream, fed from the start of that speech, gives the partial
 *       hypothesis. It is closed (its decoder given back) before the finished segment is recognised, so a call
 *       never holds one decoder while waiting for another.</li>
 * </ul>
 *
 * <p>The audio received so far is kept (bounded by the decoder's duration limit) because a segment is only known
 * once it has ended. One call at a time; not thread-safe.
 */
public final class StreamingTranscription implements AutoCloseable {

    private final StreamingAudioDecoder decoder;
    private final StreamingSpeechDetector detector;
    private final SpeechRecognizer recognizer;
    private final int padSamples;
    private final RequestScope scope;
    private final List<SegmentTranscript> finals = new ArrayList<>();
    private float[] audio = new float[16_000];
    private int received;
    private RecognitionStream live;
    private int liveFedUpTo;
    private String livePartial = "";

    public StreamingTranscription(
            StreamingAudioDecoder decoder,
            StreamingSpeechDetector detector,
            SpeechSegmenter.Config segmenting,
            SpeechRecognizer recognizer,
            RequestScope scope) {
        this.decoder = decoder;
        this.detector = detector;
        this.recognizer = recognizer;
        this.padSamples = segmenting.speechPadMs() * 16;
        this.scope = scope;
    }

    /**
     * Takes the next bytes of the upload.
     *
     * @return the hypothesis so far: the final segments' text followed by the live partial
     */
    public String accept(ByteBuffer chunk) throws AudioDecodeException {
        float[] samples = decoder.accept(chunk);
        append(samples);
        finalize(detector.accept(samples, scope).join());
        updateLive();
        return hypothesis();
    }

    /** Ends the upload: flushes the decoder and the detector and recognises the last segments. */
    public List<SegmentTranscript> finish() throws AudioDecodeException {
        float[] tail = decoder.finish();
        append(tail);
        List<SpeechSpan> spans = new ArrayList<>(detector.accept(tail, scope).join());
        spans.addAll(detector.finish(scope).join());
        finalize(spans);
        closeLive();
        return List.copyOf(finals);
    }

    /** The name of the recogniser transcribing the upload. */
    public String recognizerName() {
        return recognizer.name();
    }

    /** Format facts of the upload, once its header has been read. */
    public StreamingAudioDecoder decoder() {
        return decoder;
    }

    private void append(float[] samples) {
        if (received + samples.length > audio.length) {
            audio = Arrays.copyOf(audio, Math.max(received + samples.length, audio.length * 2));
        }
        System.arraycopy(samples, 0, audio, received, samples.length);
        received += samples.length;
    }

    private void finalize(List<SpeechSpan> spans) {
        for (SpeechSpan span : spans) {
            closeLive();
            finals.add(Transcriber.recognize(recognizer, Arrays.copyOf(audio, received), span, decoder.sampleRateHz()));
        }
    }

    private void updateLive() {
        if (!detector.inSpeech() || detector.openSegmentStart().isEmpty()) {
            closeLive();
            return;
        }
        if (live == null) {
            long lastEnd = finals.isEmpty()
                    ? 0
                    : finals.get(finals.size() - 1).segment().endSample();
            liveFedUpTo = (int) Math.max(lastEnd, detector.openSegmentStart().getAsLong() - padSamples);
            live = recognizer.openStream();
        }
        if (received > liveFedUpTo) {
            livePartial = live.accept(Arrays.copyOfRange(audio, liveFedUpTo, received));
            liveFedUpTo = received;
        }
    }

    private void closeLive() {
        if (live != null) {
            live.close();
            live = null;
            livePartial = "";
        }
    }

    private String hypothesis() {
        String done = Transcriber.text(finals);
        if (livePartial == null || livePartial.isBlank()) {
            return done;
        }
        return done.isEmpty() ? livePartial : done + " " + livePartial;
    }

    /** Gives back the live recogniser stream; call on completion, error or cancellation. */
    @Override
    public void close() {
        closeLive();
        audio = new float[0];
    }
}

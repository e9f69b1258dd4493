package io.crossmodal.audio.asr;

/**
 * One utterance recognised while its audio arrives: {@link #accept} the 16 kHz samples in chunks of any size, read
 * the partial hypothesis each returns, then {@link #finish} for the final transcript. Holds one of its recogniser's
 * decoders from {@link SpeechRecognizer#openStream} until {@link #finish} or {@link #close}.
 *
 * <p>The final transcript does not depend on how the audio was cut into chunks: it equals
 * {@link SpeechRecognizer#transcribe} of the same samples.
 *
 * <p>Methods may be called from different threads (as gRPC callbacks are), one at a time; {@link #close} may come
 * from another thread at any moment (client cancel) and waits for a running {@link #accept} to return.
 */
public interface RecognitionStream extends AutoCloseable {

    /**
     * Recognises more audio.
     *
     * @param samples16k mono samples in [-1, 1] at 16 kHz (values outside are clipped); not kept
     * @return the hypothesis so far: it may be unchanged, or empty while nothing is recognised yet, and later
     *     hypotheses may rewrite earlier words
     * @throws IllegalStateException after {@link #finish} or {@link #close}
     * @throws SpeechRecognitionException when the engine fails (the stream is then closed)
     */
    String accept(float[] samples16k);

    /**
     * Ends the utterance and gives back the decoder.
     *
     * @return the final transcript, with word timings from the start of the stream's audio
     * @throws IllegalStateException after {@link #finish} or {@link #close}
     * @throws SpeechRecognitionException when the engine fails
     */
    Transcript finish();

    /** Abandons the utterance if it is not finished and gives back the decoder. Idempotent. */
    @Override
    void close();
}

package io.crossmodal.audio.transcribe;

import io.crossmodal.audio.asr.Transcript;
import io.crossmodal.audio.vad.SpeechSpan;

/**
 * What the recogniser heard in one speech segment; word timings are in milliseconds from the start of the clip.
 */
public record SegmentTranscript(SpeechSpan segment, Transcript transcript) {}

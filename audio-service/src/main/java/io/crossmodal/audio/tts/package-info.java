/**
 * Speech synthesis with external programs: {@link io.crossmodal.audio.tts.FestivalSynthesizer} (English, Festival's
 * text2wave) and {@link io.crossmodal.audio.tts.EspeakSynthesizer} (Mandarin and about a hundred other languages,
 * espeak-ng), chosen per request by {@link io.crossmodal.audio.tts.SynthesizerRouter}. Both programs are GPL and are
 * only ever run as separate processes, through {@link io.crossmodal.audio.tts.SynthesisProcessRunner}: no shell, the
 * text on standard input, a private working directory, time, output-size and concurrency limits, the whole process
 * tree killed on any limit. Failures are {@link io.crossmodal.audio.tts.SynthesisException}s with a reason. Plain
 * Java: no gRPC or Quarkus types. See {@code audio-service/SYNTHESIS.md}.
 */
package io.crossmodal.audio.tts;

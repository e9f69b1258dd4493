/**
 * Transcription as the service offers it, on top of the recogniser: speech segments from voice activity, the recogniser
 * run on exactly each segment's samples (which keeps long silences out of it), narrow-band audio given back an upper
 * band before recognition, and the streaming form that decodes, detects and recognises chunks as they arrive, with live
 * partial hypotheses and a final transcript equal to the unary one because both end in the same per-segment path. It
 * combines {@code io.crossmodal.audio.decode}, {@code io.crossmodal.audio.vad} and {@code io.crossmodal.audio.asr}, so
 * none of them has to know the others; it must not import gRPC, proto or Quarkus types, which is what lets the unary
 * and streaming RPCs share it and tests drive it without a server.
 */
package io.crossmodal.audio.transcribe;

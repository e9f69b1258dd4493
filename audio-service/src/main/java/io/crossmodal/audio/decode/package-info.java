/**
 * Safe decoding of untrusted audio: {@link io.crossmodal.audio.decode.AudioDecoder} turns the bytes a client sent
 * (WAV, RF64, FLAC, MP3, Ogg Vorbis) into a {@link io.crossmodal.audio.decode.DecodedAudio} (16 kHz mono plus what the
 * input was) or an {@link io.crossmodal.audio.decode.AudioDecodeException} with a machine-readable reason, within
 * {@link io.crossmodal.audio.decode.AudioLimits}; {@link io.crossmodal.audio.decode.StreamingAudioDecoder} does the
 * same for audio that arrives in chunks; {@link io.crossmodal.audio.decode.Resampler} is the band-limited resampler
 * both use; {@link io.crossmodal.audio.decode.WavWriter} writes 16-bit WAV. Plain Java: no gRPC or Quarkus types.
 * See {@code audio-service/DECODING-AUDIO.md}.
 */
package io.crossmodal.audio.decode;

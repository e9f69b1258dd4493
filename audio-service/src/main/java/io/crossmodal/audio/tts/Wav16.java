package io.crossmodal.audio.tts;

import io.crossmodal.audio.MonoAudio;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A tiny strict reader of the WAV files the synthesis programs write: RIFF/WAVE, {@code fmt } chunk with 16-bit
 * integer PCM (format tag 1, or WAVE_FORMAT_EXTENSIBLE with the PCM sub-format), any channel count (mixed to mono by
 * averaging), then a {@code data} chunk. Anything else (RIFX, RF64, float, 8/24/32-bit, compressed, inconsistent
 * sizes) is refused with an {@link IllegalArgumentException} saying why.
 *
 * <p>A program writing to a pipe cannot seek back to fill in sizes; espeak-ng then writes placeholder sizes
 * ({@code 0x7ffff000}-ish). With {@code streamed} true, a {@code data} size beyond the bytes present means "up to the
 * end", and a trailing partial frame is dropped.
 */
final class Wav16 {

    private static final int FORMAT_PCM = 1;
    private static final int FORMAT_EXTENSIBLE = 0xFFFE;
    private static final int MAX_CHANNELS = 64;
    private static final int MAX_RATE = 768_000;

    private Wav16() {}

    static MonoAudio read(byte[] wav, boolean streamed) {
        ByteBuffer in = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        if (wav.length < 12) {
            throw new IllegalArgumentException("not a WAV file: " + wav.length + " bytes");
        }
        if (!tag(in, 0).equals("RIFF") || !tag(in, 8).equals("WAVE")) {
            throw new IllegalArgumentException("not a RIFF/WAVE file (starts with '" + tag(in, 0) + "')");
        }
        int pos = 12;
        int channels = 0;
        int rate = 0;
        while (pos + 8 <= wav.length) {
            String id = tag(in, pos);
            long size = Integer.toUnsignedLong(in.getInt(pos + 4));
            int body = pos + 8;
            long available = wav.length - (long) body;
            if (id.equals("fmt ")) {
                if (size < 16 || size > available) {
                    throw new IllegalArgumentException("bad fmt chunk size " + size);
                }
                int format = in.getShort(body) & 0xFFFF;
                channels = in.getShort(body + 2) & 0xFFFF;
                rate = in.getInt(body + 4);
                int blockAlign = in.getShort(body + 12) & 0xFFFF;
                int bits = in.getShort(body + 14) & 0xFFFF;
                if (format == FORMAT_EXTENSIBLE) {
                    if (size < 40) {
                        throw new IllegalArgumentException("WAVE_FORMAT_EXTENSIBLE fmt chunk too short: " + size);
                    }
                    format = in.getShort(body + 24) & 0xFFFF; // first two bytes of the sub-format GUID
                }
                if (format != FORMAT_PCM) {
                    throw new IllegalArgumentException("not integer PCM (format tag " + format + ")");
                }
                if (bits != 16) {
                    throw new IllegalArgumentException("not 16-bit PCM (" + bits + " bits per sample)");
                }
                if (channels < 1 || channels > MAX_CHANNELS) {
                    throw new IllegalArgumentException("bad channel count " + channels);
                }
                if (rate < 1 || rate > MAX_RATE) {
                    throw new IllegalArgumentException("bad sample rate " + Integer.toUnsignedString(rate));
                }
                if (blockAlign != channels * 2) {
                    throw new IllegalArgumentException(
                            "block align " + blockAlign + " does not match " + channels + " channels of 16 bits");
                }
            } else if (id.equals("data")) {
                if (channels == 0) {
                    throw new IllegalArgumentException("data chunk before the fmt chunk");
                }
                int frameBytes = channels * 2;
                long length = size;
                if (length > available) {
                    if (!streamed) {
                        throw new IllegalArgumentException(
                                "truncated: data chunk says " + size + " bytes, " + available + " present");
                    }
                    length = available;
                }
                if (length % frameBytes != 0) {
                    if (!streamed) {
                        throw new IllegalArgumentException("data chunk of " + length + " bytes is not a whole number"
                                + " of " + frameBytes + "-byte frames");
                    }
                    length -= length % frameBytes;
                }
                int frames = (int) (length / frameBytes);
                if (frames == 0) {
                    throw new IllegalArgumentException("no samples");
                }
                float[] samples = new float[frames];
                float scale = 1f / (32768f * channels);
                int p = body;
                for (int f = 0; f < frames; f++) {
                    int sum = 0;
                    for (int c = 0; c < channels; c++) {
                        sum += in.getShort(p);
                        p += 2;
                    }
                    samples[f] = sum * scale;
                }
                return new MonoAudio(samples, rate);
            } else if (size > available) {
                throw new IllegalArgumentException("truncated '" + printable(id) + "' chunk");
            }
            long next = body + size + (size & 1);
            if (next > wav.length) {
                break;
            }
            pos = (int) next;
        }
        throw new IllegalArgumentException(channels == 0 ? "no fmt chunk" : "no data chunk");
    }

    private static String tag(ByteBuffer in, int pos) {
        char[] c = new char[4];
        for (int i = 0; i < 4; i++) {
            c[i] = (char) (in.get(pos + i) & 0xFF);
        }
        return new String(c);
    }

    private static String printable(String id) {
        return id.replaceAll("[^\\x20-\\x7e]", "?");
    }
}

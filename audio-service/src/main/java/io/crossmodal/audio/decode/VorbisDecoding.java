package io.crossmodal.audio.decode;

import io.crossmodal.audio.decode.AudioDecodeException.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.BooleanSupplier;

/** Ogg Vorbis (placeholder until the JOrbis path lands). */
final class VorbisDecoding {

    private VorbisDecoding() {
    }

    static DecodedAudio decode(ByteBuffer input, AudioLimits limits, BooleanSupplier cancelled, boolean mismatch)
            throws IOException, AudioDecodeException {
        throw new AudioDecodeException(Reason.UNSUPPORTED_FORMAT, "Ogg is not supported yet");
    }
}

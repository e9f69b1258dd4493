package io.crossmodal.audio.embed;

/**
 * The embedding model's raw outputs over a clip: one 96-d vector per window of 76 mel frames (12,512 samples, 782 ms),
 * windows every 8 frames (1,280 samples, 80 ms).
 *
 * @param vectors       one raw (not normalised) vector per window, in time order
 * @param centreSamples the sample each window is centred on, in the clip's own coordinates (it may lie outside the
 *                      clip when the clip was padded)
 * @param padded        true when the clip was shorter than one window and was zero-padded (centred) to it
 */
public record WindowEmbeddings(float[][] vectors, long[] centreSamples, boolean padded) {

    public int size() {
        return vectors.length;
    }
}

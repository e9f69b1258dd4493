package io.crossmodal.fusion.encode;

import java.util.Map;

/**
 * What one modality's part of an Encode call produced.
 *
 * @param items        the results of its contents, by content index
 * @param wholeFailure the first error when the native encoder call failed for every content of the part (then a
 *                     call holding only this modality fails with it), else null
 */
record PartResult(Map<Integer, ItemResult> items, com.google.rpc.Status wholeFailure) {

    static PartResult empty() {
        return new PartResult(Map.of(), null);
    }
}

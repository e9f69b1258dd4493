package io.crossmodal.text.inference;

/**
 * A text as a model reads it.
 *
 * @param ids token ids, special tokens included, after truncation
 * @param typeIds segment ids, same length as {@code ids}
 * @param untruncatedLength tokens the whole text has
 */
public record TokenizedText(long[] ids, long[] typeIds, int untruncatedLength) {

    public int length() {
        return ids.length;
    }

    public boolean truncated() {
        return ids.length < untruncatedLength;
    }
}

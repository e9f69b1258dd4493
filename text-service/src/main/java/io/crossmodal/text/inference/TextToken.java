package io.crossmodal.text.inference;

/**
 * One token of a text as the model reads it, for callers who inspect tokenization.
 *
 * @param id      vocabulary id
 * @param text    the token as in the vocabulary ("eat", "##ing", "[CLS]")
 * @param special true for tokens the tokenizer added ([CLS], [SEP], ...)
 * @param start   offset of its first UTF-16 code unit in the text; 0 for special tokens
 * @param end     offset after its last UTF-16 code unit; 0 for special tokens
 */
public record TextToken(long id, String text, boolean special, int start, int end) {}

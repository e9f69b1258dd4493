package io.crossmodal.fusion.encode;

/**
 * The result of one step for one call or item: a value, or the status saying why there is none. Encode keeps
 * failures as values rather than exceptions because a failed encoder fails only the items that needed it.
 */
record Outcome<T>(T value, com.google.rpc.Status error) {

    static <T> Outcome<T> ok(T value) {
        return new Outcome<>(value, null);
    }

    static <T> Outcome<T> failed(com.google.rpc.Status error) {
        return new Outcome<>(null, error);
    }

    boolean isOk() {
        return error == null;
    }
}

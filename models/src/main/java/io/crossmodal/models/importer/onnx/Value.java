package io.crossmodal.models.importer.onnx;

import org.tensorflow.proto.DataType;

/**
 * A converted ONNX value: the TensorFlow tensor holding it ({@code "node"} or {@code "node:1"}), its TensorFlow
 * type and what is statically known of its shape ({@code null}: unknown rank; {@code -1}: unknown dimension).
 */
public record Value(String ref, DataType dtype, long[] shape) {

    /** Rank if known, else -1. */
    public int rank() {
        return shape == null ? -1 : shape.length;
    }

    public boolean rankKnown() {
        return shape != null;
    }
}

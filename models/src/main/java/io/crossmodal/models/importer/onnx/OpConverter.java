package io.crossmodal.models.importer.onnx;

import io.crossmodal.models.importer.onnx.proto.OnnxProto.NodeProto;

/**
 * Converts one ONNX node into TensorFlow nodes: reads its inputs from the context and binds every output
 * ({@link ConversionContext#output}). Converters read {@link ConversionContext#opset()} where the op's
 * semantics changed between opsets, and throw {@link UnsupportedOnnxOpException} for forms they do not cover.
 */
@FunctionalInterface
public interface OpConverter {

    void convert(ConversionContext ctx, NodeProto node);
}

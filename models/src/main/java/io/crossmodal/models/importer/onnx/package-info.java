/**
 * Importing an ONNX model as a TensorFlow SavedModel, in Java at preparation time: every ONNX node is converted by the
 * converter registered for its op type, reading the opset where the op's meaning changed between opsets; an op or a
 * form of an op without a faithful conversion stops the import with an exception naming the op type, the node and the
 * opset, so a written SavedModel never silently differs from the ONNX graph. It reads models through the message
 * classes generated from the vendored {@code onnx.proto}, builds the graph with {@code
 * io.crossmodal.models.importer.tf}, and must not depend on the preparer, the TF.js importer, TensorFlow's native
 * library or any service: ONNX file in, SavedModel folder out.
 */
package io.crossmodal.models.importer.onnx;

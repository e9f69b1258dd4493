/**
 * Importing a TensorFlow.js graph model ({@code model.json} and its weight shards) as a TensorFlow SavedModel, in pure
 * Java: the topology is read as the GraphDef it already is, the weights are decoded and dequantised as TF.js does at
 * load time, TF.js' fused and TF.js-only ops are split into plain TensorFlow ops that every TensorFlow build runs, and
 * a graph that would still need an op TensorFlow does not register is refused naming it, rather than failing later at
 * load time. It builds the graph with {@code io.crossmodal.models.importer.tf} and may use Jackson and protobuf's JSON
 * support; it must not depend on the preparer, the ONNX importer, TensorFlow's native library or any service: {@code
 * model.json} in, SavedModel folder out.
 */
package io.crossmodal.models.importer.tfjs;

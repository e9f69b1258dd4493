/**
 * Opening models on an inference engine through DJL: a model repository descriptor in, an {@code NDList -> NDList}
 * model out, on the engine the descriptor names (ONNX Runtime, TensorFlow) with that engine's session settings kept in
 * one place, always offline so nothing is ever downloaded at run time; and the choice of compute device, made explicit
 * so that a pod given a GPU fails loudly instead of silently running on the CPU. Pre- and post-processing stay in each
 * encoder's domain code, which pads a batch to its longest item as a per-item DJL translator cannot. This is where
 * model-runtime meets DJL and the engines; it may read {@code io.crossmodal.runtime.repository} but knows nothing of a
 * modality, of gRPC or of Quarkus.
 */
package io.crossmodal.runtime.engine;

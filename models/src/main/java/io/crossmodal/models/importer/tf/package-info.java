/**
 * The TensorFlow side the importers share: building a {@code GraphDef} node by node (valid, unique op names, typed
 * attributes, constants stored as little-endian tensor content) and packaging a finished graph as a SavedModel with tag
 * {@code serve} and signature {@code serving_default}, weights as constants. It is written against the {@code
 * org.tensorflow.proto} message classes only, so writing a model needs no TensorFlow native library (only loading one
 * does). It knows no source format and nothing of the preparer: the ONNX and TF.js importers depend on it, it depends
 * on neither.
 */
package io.crossmodal.models.importer.tf;

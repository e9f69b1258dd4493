package io.crossmodal.models.importer.tf;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;

/**
 * Writes a TF1-style SavedModel (one MetaGraph, tag {@code serve}, signature {@code serving_default}) whose graph
 * holds its weights as constants, so the {@code variables/} folder stays empty.
 *
 * <p>Built from the {@code org.tensorflow.proto} classes bundled with DJL's TensorFlow engine: writing needs no
 * native library, only loading does. The importers produce a {@link GraphDef}; this class only packages it.
 */
public final class SavedModelWriter {

    public static final String TAG = "serve";
    public static final String SIGNATURE_KEY = "serving_default";
    /** The TensorFlow the graphs are written for (the one DJL's engine 0.36.0 runs). */
    public static final String TENSORFLOW_VERSION = "2.16.1";

    private SavedModelWriter() {}

    /**
     * A signature entry: the graph tensor ({@code "node:0"}), its type and shape ({@code -1} for a dynamic
     * dimension, an empty shape array for an unknown rank).
     */
    public record TensorSpec(String tensorName, DataType dtype, long... shape) {

        TensorInfo toTensorInfo() {
            TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
            if (shape == null) {
                s.setUnknownRank(true);
            } else {
                for (long d : shape) {
                    s.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
                }
            }
            return TensorInfo.newBuilder()
                    .setName(tensorName)
                    .setDtype(dtype)
                    .setTensorShape(s)
                    .build();
        }
    }

    /**
     * Writes {@code saved_model.pb} and an empty {@code variables/} folder into {@code directory} (created if
     * needed). Input and output keys keep the source model's names so callers address them as before.
     */
    public static void write(
            Path directory, GraphDef graph, Map<String, TensorSpec> inputs, Map<String, TensorSpec> outputs)
            throws IOException {
        SignatureDef.Builder signature = SignatureDef.newBuilder().setMethodName("tensorflow/serving/predict");
        inputs.forEach((key, spec) -> signature.putInputs(key, spec.toTensorInfo()));
        outputs.forEach((key, spec) -> signature.putOutputs(key, spec.toTensorInfo()));
        MetaGraphDef metaGraph = MetaGraphDef.newBuilder()
                .setMetaInfoDef(MetaGraphDef.MetaInfoDef.newBuilder()
                        .addTags(TAG)
                        .setTensorflowVersion(TENSORFLOW_VERSION)
                        .setStrippedDefaultAttrs(false))
                .setGraphDef(graph)
                .putSignatureDef(SIGNATURE_KEY, signature.build())
                .build();
        Files.createDirectories(directory.resolve("variables"));
        try (OutputStream out = Files.newOutputStream(directory.resolve("saved_model.pb"))) {
            SavedModel.newBuilder()
                    .setSavedModelSchemaVersion(1)
                    .addMetaGraphs(metaGraph)
                    .build()
                    .writeTo(out);
        }
    }
}

package io.crossmodal.runtime.tensorflow;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.proto.VersionDef;

/**
 * Writes tiny TensorFlow SavedModels for tests, laid out like a model repository entry:
 *
 * <pre>
 * &lt;root&gt;/&lt;name&gt;/&lt;version&gt;/
 *     saved_model.pb        (TF1-style graph: x -&gt; MatMul(x, W) -&gt; AddV2(., b) -&gt; y)
 *     variables/            (empty: the graph holds only constants)
 *     serving.properties    (engine=TensorFlow, name, version, task=test, model.file=.)
 * </pre>
 *
 * <p>The {@code saved_model.pb} is built directly from the {@code org.tensorflow.proto} message classes
 * that ship inside {@code ai.djl.tensorflow:tensorflow-api}, so writing a fixture needs no native
 * library; only loading it does.
 *
 * <p>Signature {@code serving_default} (tags {@code serve}): input {@code x} = tensor {@code x:0},
 * float32 {@code [-1, 4]}; output {@code y} = tensor {@code y:0}, float32 {@code [-1, 3]}. The batch
 * dimension is dynamic.
 */
public final class SavedModelFixtures {

    public static final String SIGNATURE_KEY = "serving_default";
    public static final String TAG = "serve";
    public static final String INPUT_NAME = "x";
    public static final String OUTPUT_NAME = "y";
    public static final int IN_FEATURES = 4;
    public static final int OUT_FEATURES = 3;

    /** Default weights, shape [4, 3]. Exactly representable in float32. */
    private static final float[][] W = {
        {0.5f, -1.0f, 2.0f},
        {1.5f, 0.25f, -0.75f},
        {-2.0f, 1.0f, 0.125f},
        {0.0f, 3.0f, -1.5f},
    };

    /** Default bias, shape [3]. */
    private static final float[] B = {0.1f, -0.2f, 0.3f};

    /** GraphDef producer version recorded in the graph (any TF 2.x value works for these ops). */
    private static final int GRAPH_DEF_PRODUCER = 1286;

    private SavedModelFixtures() {}

    /**
     * What {@link #writeAffineModel} wrote: the version directory plus the constants baked into the graph.
     *
     * @param versionDir {@code <root>/<name>/<version>}, usable with DJL {@code Criteria.optModelPath}
     * @param weights W, shape [4][3] (a copy, independent of what the caller passed in)
     * @param bias b, shape [3] (a copy)
     */
    public record AffineModel(Path versionDir, float[][] weights, float[] bias) {

        /** Computes {@code x·W + b} in plain Java (float accumulation, same order as a naive matmul). */
        public float[][] expected(float[][] x) {
            float[][] y = new float[x.length][OUT_FEATURES];
            for (int r = 0; r < x.length; r++) {
                if (x[r].length != IN_FEATURES) {
                    throw new IllegalArgumentException(
                            "row " + r + " has " + x[r].length + " features, expected " + IN_FEATURES);
                }
                for (int j = 0; j < OUT_FEATURES; j++) {
                    float acc = 0f;
                    for (int k = 0; k < IN_FEATURES; k++) {
                        acc += x[r][k] * weights[k][j];
                    }
                    y[r][j] = acc + bias[j];
                }
            }
            return y;
        }
    }

    /**
     * Writes the affine model {@code y = x·W + b} under {@code root/name/version}.
     *
     * @return the version directory and the W and b used
     */
    public static AffineModel writeAffineModel(Path root, String name, String version) throws IOException {
        return writeAffineModel(root, name, version, W, B);
    }

    /** Same as {@link #writeAffineModel(Path, String, String)} with caller-chosen W [4][3] and b [3]. */
    public static AffineModel writeAffineModel(Path root, String name, String version, float[][] weights, float[] bias)
            throws IOException {
        if (weights.length != IN_FEATURES || bias.length != OUT_FEATURES) {
            throw new IllegalArgumentException("W must be [4][3] and b must be [3]");
        }
        float[][] w = new float[IN_FEATURES][];
        for (int k = 0; k < IN_FEATURES; k++) {
            if (weights[k].length != OUT_FEATURES) {
                throw new IllegalArgumentException("W must be [4][3]");
            }
            w[k] = weights[k].clone();
        }
        float[] b = bias.clone();

        Path versionDir = root.resolve(name).resolve(version);
        Files.createDirectories(versionDir.resolve("variables"));

        SavedModel savedModel = SavedModel.newBuilder()
                .setSavedModelSchemaVersion(1)
                .addMetaGraphs(affineMetaGraph(w, b))
                .build();
        try (OutputStream out = Files.newOutputStream(versionDir.resolve("saved_model.pb"))) {
            savedModel.writeTo(out);
        }

        writeServingProperties(versionDir, name, version);
        return new AffineModel(versionDir, copy(w), b.clone());
    }

    private static MetaGraphDef affineMetaGraph(float[][] w, float[] b) {
        float[] wFlat = new float[IN_FEATURES * OUT_FEATURES];
        for (int k = 0; k < IN_FEATURES; k++) {
            System.arraycopy(w[k], 0, wFlat, k * OUT_FEATURES, OUT_FEATURES);
        }

        GraphDef graph = GraphDef.newBuilder()
                .setVersions(VersionDef.newBuilder().setProducer(GRAPH_DEF_PRODUCER))
                .addNode(NodeDef.newBuilder()
                        .setName(INPUT_NAME)
                        .setOp("Placeholder")
                        .putAttr("dtype", type(DataType.DT_FLOAT))
                        .putAttr(
                                "shape",
                                AttrValue.newBuilder()
                                        .setShape(shape(-1, IN_FEATURES))
                                        .build()))
                .addNode(constant("W", wFlat, IN_FEATURES, OUT_FEATURES))
                .addNode(constant("b", b, OUT_FEATURES))
                .addNode(NodeDef.newBuilder()
                        .setName("MatMul")
                        .setOp("MatMul")
                        .addInput(INPUT_NAME)
                        .addInput("W")
                        .putAttr("T", type(DataType.DT_FLOAT))
                        .putAttr(
                                "transpose_a",
                                AttrValue.newBuilder().setB(false).build())
                        .putAttr(
                                "transpose_b",
                                AttrValue.newBuilder().setB(false).build()))
                .addNode(NodeDef.newBuilder()
                        .setName(OUTPUT_NAME)
                        .setOp("AddV2")
                        .addInput("MatMul")
                        .addInput("b")
                        .putAttr("T", type(DataType.DT_FLOAT)))
                .build();

        SignatureDef signature = SignatureDef.newBuilder()
                .setMethodName("tensorflow/serving/predict")
                .putInputs(INPUT_NAME, tensorInfo(INPUT_NAME + ":0", shape(-1, IN_FEATURES)))
                .putOutputs(OUTPUT_NAME, tensorInfo(OUTPUT_NAME + ":0", shape(-1, OUT_FEATURES)))
                .build();

        return MetaGraphDef.newBuilder()
                .setMetaInfoDef(MetaGraphDef.MetaInfoDef.newBuilder()
                        .addTags(TAG)
                        .setTensorflowVersion("2.16.1")
                        .setStrippedDefaultAttrs(false))
                .setGraphDef(graph)
                .putSignatureDef(SIGNATURE_KEY, signature)
                .build();
    }

    private static NodeDef constant(String name, float[] values, long... dims) {
        TensorProto.Builder tensor =
                TensorProto.newBuilder().setDtype(DataType.DT_FLOAT).setTensorShape(shape(dims));
        for (float v : values) {
            tensor.addFloatVal(v);
        }
        return NodeDef.newBuilder()
                .setName(name)
                .setOp("Const")
                .putAttr("dtype", type(DataType.DT_FLOAT))
                .putAttr("value", AttrValue.newBuilder().setTensor(tensor).build())
                .build();
    }

    private static TensorInfo tensorInfo(String tensorName, TensorShapeProto shape) {
        return TensorInfo.newBuilder()
                .setName(tensorName)
                .setDtype(DataType.DT_FLOAT)
                .setTensorShape(shape)
                .build();
    }

    private static AttrValue type(DataType dataType) {
        return AttrValue.newBuilder().setType(dataType).build();
    }

    private static TensorShapeProto shape(long... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (long d : dims) {
            shape.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
        }
        return shape.build();
    }

    private static void writeServingProperties(Path versionDir, String name, String version) throws IOException {
        Properties props = new Properties();
        props.setProperty("engine", "TensorFlow");
        props.setProperty("name", name);
        props.setProperty("version", version);
        props.setProperty("task", "test");
        // "." = the version directory itself is the SavedModel directory.
        props.setProperty("model.file", ".");
        // DJL BaseModelLoader turns "option.*" keys into model-load options (TfModel reads these two).
        props.setProperty("option.Tags", TAG);
        props.setProperty("option.SignatureDefKey", SIGNATURE_KEY);
        try (Writer out = Files.newBufferedWriter(versionDir.resolve("serving.properties"), StandardCharsets.UTF_8)) {
            props.store(out, "test fixture written by " + SavedModelFixtures.class.getName());
        }
    }

    private static float[][] copy(float[][] m) {
        float[][] c = new float[m.length][];
        for (int i = 0; i < m.length; i++) {
            c[i] = m[i].clone();
        }
        return c;
    }
}

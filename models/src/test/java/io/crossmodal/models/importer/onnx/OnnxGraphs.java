package io.crossmodal.models.importer.onnx;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import com.google.protobuf.ByteString;
import io.crossmodal.models.importer.onnx.proto.OnnxProto.AttributeProto;
import io.crossmodal.models.importer.onnx.proto.OnnxProto.GraphProto;
import io.crossmodal.models.importer.onnx.proto.OnnxProto.ModelProto;
import io.crossmodal.models.importer.onnx.proto.OnnxProto.NodeProto;
import io.crossmodal.models.importer.onnx.proto.OnnxProto.OperatorSetIdProto;
import io.crossmodal.models.importer.onnx.proto.OnnxProto.TensorProto;
import io.crossmodal.models.importer.onnx.proto.OnnxProto.TensorShapeProto;
import io.crossmodal.models.importer.onnx.proto.OnnxProto.TypeProto;
import io.crossmodal.models.importer.onnx.proto.OnnxProto.ValueInfoProto;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds small ONNX models with the generated proto classes and runs them on ONNX Runtime and TensorFlow. */
final class OnnxGraphs {

    static final int FLOAT = 1;
    static final int UINT8 = 2;
    static final int INT8 = 3;
    static final int INT32 = 6;
    static final int INT64 = 7;
    static final int BOOL = 9;

    static {
        io.crossmodal.runtime.engine.ModelLoader.configureDjl();
    }

    private OnnxGraphs() {}

    /** A graph under construction. Dimensions of -1 are symbolic ("d0", "d1", ...). */
    static final class G {
        final GraphProto.Builder graph = GraphProto.newBuilder().setName("test");
        private int symbols;

        G input(String name, int elemType, long... dims) {
            graph.addInput(valueInfo(name, elemType, dims));
            return this;
        }

        /** Output with unknown shape. */
        G output(String name, int elemType) {
            graph.addOutput(ValueInfoProto.newBuilder()
                    .setName(name)
                    .setType(TypeProto.newBuilder()
                            .setTensorType(TypeProto.Tensor.newBuilder().setElemType(elemType))));
            return this;
        }

        G init(TensorProto t) {
            graph.addInitializer(t);
            return this;
        }

        G node(String op, List<String> inputs, List<String> outputs, AttributeProto... attrs) {
            String name = "/" + op.toLowerCase() + "/" + op + "_" + graph.getNodeCount();
            graph.addNode(NodeProto.newBuilder()
                    .setOpType(op)
                    .setName(name)
                    .addAllInput(inputs)
                    .addAllOutput(outputs)
                    .addAllAttribute(List.of(attrs)));
            return this;
        }

        ModelProto model(long opset) {
            return ModelProto.newBuilder()
                    .setIrVersion(opset >= 21 ? 10 : opset >= 15 ? 8 : 7)
                    .setProducerName("crossmodal-test")
                    .addOpsetImport(
                            OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
                    .setGraph(graph)
                    .build();
        }

        Path write(Path dir, long opset) throws Exception {
            Path file = dir.resolve("model.onnx");
            try (OutputStream out = Files.newOutputStream(file)) {
                model(opset).writeTo(out);
            }
            return file;
        }

        private ValueInfoProto valueInfo(String name, int elemType, long... dims) {
            TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
            for (long d : dims) {
                s.addDim(
                        d < 0
                                ? TensorShapeProto.Dimension.newBuilder().setDimParam("d" + symbols++)
                                : TensorShapeProto.Dimension.newBuilder().setDimValue(d));
            }
            return ValueInfoProto.newBuilder()
                    .setName(name)
                    .setType(TypeProto.newBuilder()
                            .setTensorType(TypeProto.Tensor.newBuilder()
                                    .setElemType(elemType)
                                    .setShape(s)))
                    .build();
        }
    }

    static AttributeProto attr(String name, long v) {
        return AttributeProto.newBuilder()
                .setName(name)
                .setType(AttributeProto.AttributeType.INT)
                .setI(v)
                .build();
    }

    static AttributeProto attr(String name, float v) {
        return AttributeProto.newBuilder()
                .setName(name)
                .setType(AttributeProto.AttributeType.FLOAT)
                .setF(v)
                .build();
    }

    static AttributeProto ints(String name, long... v) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long x : v) {
            a.addInts(x);
        }
        return a.build();
    }

    static AttributeProto tensorAttr(String name, TensorProto t) {
        return AttributeProto.newBuilder()
                .setName(name)
                .setType(AttributeProto.AttributeType.TENSOR)
                .setT(t)
                .build();
    }

    /** Float tensor in raw_data. */
    static TensorProto floats(String name, float[] v, long... dims) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) {
            b.putFloat(x);
        }
        TensorProto.Builder t =
                TensorProto.newBuilder().setName(name).setDataType(FLOAT).setRawData(ByteString.copyFrom(b.array()));
        for (long d : dims) {
            t.addDims(d);
        }
        return t.build();
    }

    /** Float tensor in float_data (no raw_data). */
    static TensorProto floatData(String name, float[] v, long... dims) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(FLOAT);
        for (float x : v) {
            t.addFloatData(x);
        }
        for (long d : dims) {
            t.addDims(d);
        }
        return t.build();
    }

    /** Int64 tensor in int64_data. */
    static TensorProto longs(String name, long[] v, long... dims) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(INT64);
        for (long x : v) {
            t.addInt64Data(x);
        }
        for (long d : dims) {
            t.addDims(d);
        }
        return t.build();
    }

    /** Int8 / uint8 tensor in raw_data. */
    static TensorProto bytes(String name, int elemType, byte[] v, long... dims) {
        TensorProto.Builder t =
                TensorProto.newBuilder().setName(name).setDataType(elemType).setRawData(ByteString.copyFrom(v));
        for (long d : dims) {
            t.addDims(d);
        }
        return t.build();
    }

    static float[] random(long seed, int n) {
        java.util.Random r = new java.util.Random(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }

    /** One input of a run: float or long data with a shape. */
    record In(String name, Object data, long... shape) {

        NDArray create(NDManager m) {
            NDArray a;
            if (data instanceof float[] f) {
                a = m.create(f, new Shape(shape));
            } else if (data instanceof long[] l) {
                a = m.create(l, new Shape(shape));
            } else if (data instanceof int[] i) {
                a = m.create(i, new Shape(shape));
            } else {
                throw new IllegalArgumentException("unsupported input data " + data);
            }
            a.setName(name);
            return a;
        }
    }

    /** An output as doubles plus its shape. */
    record Out(double[] values, long[] shape) {}

    static Map<String, Out> runOrt(Path onnxFile, List<In> inputs) throws Exception {
        Criteria<NDList, NDList> c = Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optEngine("OnnxRuntime")
                .optModelPath(onnxFile)
                .optTranslator(new NoopTranslator())
                .build();
        return run(c, inputs);
    }

    static Map<String, Out> runTf(Path savedModelDir, List<In> inputs) throws Exception {
        Criteria<NDList, NDList> c = Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optEngine("TensorFlow")
                .optModelPath(savedModelDir)
                .optOption("Tags", "serve")
                .optOption("SignatureDefKey", "serving_default")
                .optTranslator(new NoopTranslator())
                .build();
        return run(c, inputs);
    }

    private static Map<String, Out> run(Criteria<NDList, NDList> c, List<In> inputs) throws Exception {
        try (ZooModel<NDList, NDList> model = c.loadModel();
                Predictor<NDList, NDList> p = model.newPredictor();
                NDManager m = model.getNDManager().newSubManager()) {
            NDList in = new NDList();
            for (In i : inputs) {
                in.add(i.create(m));
            }
            NDList out = p.predict(in);
            Map<String, Out> r = new LinkedHashMap<>();
            int k = 0;
            for (NDArray a : out) {
                String name = a.getName() == null ? "out" + k : a.getName();
                r.put(name, new Out(toDoubles(a), a.getShape().getShape()));
                k++;
            }
            return r;
        }
    }

    static double[] toDoubles(NDArray a) {
        double[] d;
        switch (a.getDataType()) {
            case FLOAT32 -> {
                float[] f = a.toFloatArray();
                d = new double[f.length];
                for (int i = 0; i < f.length; i++) {
                    d[i] = f[i];
                }
            }
            case FLOAT64 -> d = a.toDoubleArray();
            case INT64 ->
                d = java.util.Arrays.stream(a.toLongArray()).asDoubleStream().toArray();
            case INT32 ->
                d = java.util.Arrays.stream(a.toIntArray()).asDoubleStream().toArray();
            case BOOLEAN -> {
                boolean[] b = a.toBooleanArray();
                d = new double[b.length];
                for (int i = 0; i < b.length; i++) {
                    d[i] = b[i] ? 1 : 0;
                }
            }
            case UINT8 -> {
                byte[] b = a.toByteArray();
                d = new double[b.length];
                for (int i = 0; i < b.length; i++) {
                    d[i] = b[i] & 0xff;
                }
            }
            case INT8 -> {
                byte[] b = a.toByteArray();
                d = new double[b.length];
                for (int i = 0; i < b.length; i++) {
                    d[i] = b[i];
                }
            }
            default -> throw new IllegalArgumentException("output type " + a.getDataType());
        }
        return d;
    }

    static List<String> l(String... s) {
        return new ArrayList<>(List.of(s));
    }
}

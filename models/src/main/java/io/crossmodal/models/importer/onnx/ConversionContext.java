package io.crossmodal.models.importer.onnx;

import io.crossmodal.models.importer.onnx.proto.OnnxProto.AttributeProto;
import io.crossmodal.models.importer.onnx.proto.OnnxProto.NodeProto;
import io.crossmodal.models.importer.onnx.proto.OnnxProto.TensorProto;
import io.crossmodal.models.importer.tf.GraphBuilder;
import java.nio.file.Path;
import java.util.Map;
import org.tensorflow.proto.DataType;

/**
 * State of one conversion, seen by the op converters: the TensorFlow graph being built, the converted ONNX values,
 * the ONNX constants (initializers and {@code Constant} outputs, for inputs that must be known at import time such
 * as axes), the default-domain opset and the node being converted.
 */
public final class ConversionContext {

    private final GraphBuilder graph;
    private final Map<String, Value> values;
    private final Map<String, TensorProto> constants;
    private final Map<String, TensorProto> pendingInitializers;
    private final long opset;
    private final Path modelDir;
    private NodeProto node;

    ConversionContext(
            GraphBuilder graph,
            Map<String, Value> values,
            Map<String, TensorProto> constants,
            Map<String, TensorProto> pendingInitializers,
            long opset,
            Path modelDir) {
        this.graph = graph;
        this.pendingInitializers = pendingInitializers;
        this.values = values;
        this.constants = constants;
        this.opset = opset;
        this.modelDir = modelDir;
    }

    void setNode(NodeProto node) {
        this.node = node;
    }

    public GraphBuilder graph() {
        return graph;
    }

    /** Version of the default ONNX domain the model imports. */
    public long opset() {
        return opset;
    }

    public NodeProto node() {
        return node;
    }

    /** A name hint for a TensorFlow node made for the current ONNX node. */
    public String name(String suffix) {
        String base = node.getName().isEmpty() ? node.getOpType() : node.getName();
        return suffix == null || suffix.isEmpty() ? base : base + "/" + suffix;
    }

    public UnsupportedOnnxOpException unsupported(String detail) {
        return new UnsupportedOnnxOpException(node.getOpType(), node.getDomain(), node.getName(), opset, detail);
    }

    // -------------------------------------------------------------------------------------------------- inputs

    public int inputCount() {
        return node.getInputCount();
    }

    /** Whether optional input {@code i} is given (present and not the empty name). */
    public boolean hasInput(int i) {
        return i < node.getInputCount() && !node.getInput(i).isEmpty();
    }

    public Value input(int i) {
        if (!hasInput(i)) {
            throw new IllegalArgumentException(
                    "Node '" + node.getName() + "' (" + node.getOpType() + ") lacks input " + i);
        }
        return value(node.getInput(i));
    }

    /**
     * The converted value named {@code name}. Initializers become Const nodes on first use, so weights that a
     * converter folds at import time (and never reads as tensors) are not written twice.
     */
    Value value(String name) {
        Value v = values.get(name);
        if (v == null && pendingInitializers.containsKey(name)) {
            TensorProto t = pendingInitializers.remove(name);
            v = TensorOps.constTensor(this, t, name);
            values.put(name, v);
        }
        if (v == null) {
            throw new IllegalArgumentException("Value '" + name + "'"
                    + (node == null ? "" : " (input of node '" + node.getName() + "', " + node.getOpType() + ")")
                    + " is not produced before it is used (graph not topologically sorted?)");
        }
        return v;
    }

    /** The ONNX constant behind input {@code i}, or null if it is computed at run time. */
    public TensorProto constantInput(int i) {
        return hasInput(i) ? constants.get(node.getInput(i)) : null;
    }

    /** Integer values of constant input {@code i}, null if absent or not constant. */
    public long[] constLongs(int i) {
        TensorProto t = constantInput(i);
        return t == null ? null : OnnxTensors.longs(t, modelDir);
    }

    public double[] constDoubles(int i) {
        TensorProto t = constantInput(i);
        return t == null ? null : OnnxTensors.doubles(t, modelDir);
    }

    /** Integer values of input {@code i}, which must be a constant: the importer needs them at import time. */
    public long[] requireConstLongs(int i, String what) {
        if (!hasInput(i)) {
            return null;
        }
        long[] v = constLongs(i);
        if (v == null) {
            throw unsupported(what + " (input " + i + ", '" + node.getInput(i) + "') must be a constant; computed "
                    + what + " are not supported");
        }
        return v;
    }

    public Path modelDir() {
        return modelDir;
    }

    // ---------------------------------------------------------------------------------------------- attributes

    public AttributeProto attr(String name) {
        for (AttributeProto a : node.getAttributeList()) {
            if (a.getName().equals(name)) {
                return a;
            }
        }
        return null;
    }

    public long attrInt(String name, long fallback) {
        AttributeProto a = attr(name);
        return a == null ? fallback : a.getI();
    }

    public float attrFloat(String name, float fallback) {
        AttributeProto a = attr(name);
        return a == null ? fallback : a.getF();
    }

    /** INTS attribute, null when absent. */
    public long[] attrInts(String name) {
        AttributeProto a = attr(name);
        if (a == null) {
            return null;
        }
        long[] r = new long[a.getIntsCount()];
        for (int i = 0; i < r.length; i++) {
            r[i] = a.getInts(i);
        }
        return r;
    }

    /** Rejects attributes this converter does not implement when they are set to a non-default value. */
    public void rejectAttr(String name, long defaultValue) {
        AttributeProto a = attr(name);
        if (a != null && a.getI() != defaultValue) {
            throw unsupported("attribute " + name + "=" + a.getI() + " is not supported");
        }
    }

    // ------------------------------------------------------------------------------------------------- outputs

    public int outputCount() {
        return node.getOutputCount();
    }

    /** Binds output {@code i} of the current node (skipped when the output is unnamed, i.e. unused). */
    public void output(int i, Value v) {
        if (i < node.getOutputCount() && !node.getOutput(i).isEmpty()) {
            values.put(node.getOutput(i), v);
        }
    }

    /**
     * Binds output {@code i} to an ONNX constant whose Const node is created on first use as a tensor (like an
     * initializer); import-time reads ({@link #constantInput}) see it at once.
     */
    void deferredConstantOutput(int i, TensorProto t) {
        if (i < node.getOutputCount() && !node.getOutput(i).isEmpty()) {
            constants.put(node.getOutput(i), t);
            pendingInitializers.put(node.getOutput(i), t);
        }
    }

    /** Whether {@code name} is bound (converted, or a deferred constant). */
    boolean bound(String name) {
        return values.containsKey(name) || pendingInitializers.containsKey(name);
    }

    /** Records output {@code i} as an ONNX constant too (for {@code Constant} nodes). */
    void constantOutput(int i, TensorProto t) {
        constants.put(node.getOutput(i), t);
    }

    // ------------------------------------------------------------------------------------------------- helpers

    /** {@code Shape(x)} as {@code outType} (int32 or int64). */
    public String shapeOf(Value x, DataType outType) {
        return graph.op("Shape", name("shape"))
                .input(x.ref())
                .type("T", x.dtype())
                .type("out_type", outType)
                .build();
    }

    public Value cast(Value x, DataType to) {
        if (x.dtype() == to) {
            return x;
        }
        String ref = graph.op("Cast", name("cast"))
                .input(x.ref())
                .type("SrcT", x.dtype())
                .type("DstT", to)
                .attr("Truncate", false)
                .build();
        return new Value(ref, to, x.shape());
    }

    /** Element-wise op with one {@code T} attribute on tensors of {@code type}. */
    public String op(String op, String suffix, DataType type, String... inputs) {
        return graph.op(op, name(suffix)).input(inputs).type("T", type).build();
    }

    /** Element {@code index} of a 1-D tensor as a scalar ({@code v[index]}, negative counts from the end). */
    public String element(String vector, DataType type, long index) {
        return stridedSlice(vector, type, new long[] {index}, new long[] {index + 1}, 0, index == -1 ? 1 : 0, 1);
    }

    /** {@code v[begin:end]} of an int32 vector. */
    public String stridedSlice32(String vector, long[] begin, long[] end) {
        return stridedSlice(vector, DataType.DT_INT32, begin, end, 0, 0, 0);
    }

    /** Element {@code index} of an int32 vector as a scalar. */
    public String element32(String vector, long index) {
        return element(vector, DataType.DT_INT32, index);
    }

    /** StridedSlice of a tensor of {@code type} with int64 begin / end / strides 1. */
    public String stridedSlice(
            String x, DataType type, long[] begin, long[] end, long beginMask, long endMask, long shrinkMask) {
        long[] strides = new long[begin.length];
        java.util.Arrays.fill(strides, 1);
        return graph.op("StridedSlice", name("slice"))
                .input(x, graph.vectorInt64(begin), graph.vectorInt64(end), graph.vectorInt64(strides))
                .type("T", type)
                .type("Index", DataType.DT_INT64)
                .attr("begin_mask", beginMask)
                .attr("end_mask", endMask)
                .attr("ellipsis_mask", 0L)
                .attr("new_axis_mask", 0L)
                .attr("shrink_axis_mask", shrinkMask)
                .build();
    }

    /** Numpy broadcast of two static shapes (null when a rank is unknown). */
    public static long[] broadcast(long[] a, long[] b) {
        if (a == null || b == null) {
            return null;
        }
        int r = Math.max(a.length, b.length);
        long[] out = new long[r];
        for (int i = 0; i < r; i++) {
            long da = i < r - a.length ? 1 : a[i - (r - a.length)];
            long db = i < r - b.length ? 1 : b[i - (r - b.length)];
            if (da == 1) {
                out[i] = db;
            } else if (db == 1) {
                out[i] = da;
            } else if (da == -1) {
                out[i] = db;
            } else {
                out[i] = da;
            }
        }
        return out;
    }

    /** Normalises a possibly negative axis against {@code rank} (which must be known when the axis is negative). */
    public long axis(long axis, int rank) {
        if (axis >= 0) {
            if (rank >= 0 && axis >= rank) {
                throw unsupported("axis " + axis + " is out of range for rank " + rank);
            }
            return axis;
        }
        if (rank < 0) {
            throw unsupported("negative axis " + axis + " on a tensor of statically unknown rank");
        }
        if (axis < -rank) {
            throw unsupported("axis " + axis + " is out of range for rank " + rank);
        }
        return axis + rank;
    }
}

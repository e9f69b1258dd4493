package io.crossmodal.models.importer.tf;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.proto.VersionDef;

/**
 * Builds a TensorFlow {@link GraphDef} node by node for the importers: valid and unique op names, typed attributes,
 * and constants (deduplicated when small) stored as little-endian {@code tensor_content}.
 *
 * <p>Tensor references are strings as TensorFlow writes them in {@code NodeDef.input}: {@code "name"} for output
 * 0, {@code "name:1"} for output 1.
 */
public final class GraphBuilder {

    /** GraphDef producer version recorded in the graph (TensorFlow 2.16's graph def version range accepts it). */
    public static final int GRAPH_DEF_PRODUCER = 1286;

    private static final int DEDUP_MAX_BYTES = 64;

    private final GraphDef.Builder graph =
            GraphDef.newBuilder().setVersions(VersionDef.newBuilder().setProducer(GRAPH_DEF_PRODUCER));
    private final Set<String> names = new HashSet<>();
    private final Map<String, String> smallConstants = new HashMap<>();

    /**
     * Makes {@code name} a valid TensorFlow op name ({@code [A-Za-z0-9.][A-Za-z0-9_.\-/>]*}) deterministically:
     * invalid characters become {@code _}, a leading {@code /}, {@code _} or {@code -} is dropped or prefixed,
     * and an empty result becomes {@code "node"}. Different inputs may map to the same name: {@link #uniqueName}
     * then adds a suffix.
     */
    public static String sanitize(String name) {
        StringBuilder s = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z')
                    || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9')
                    || c == '.'
                    || c == '_'
                    || c == '-'
                    || c == '/';
            s.append(ok ? c : '_');
        }
        // "/a//b/" is not a valid scope path: collapse repeated slashes and strip leading / trailing ones.
        String r = s.toString().replaceAll("/{2,}", "/").replaceAll("^/+", "").replaceAll("/+$", "");
        if (r.isEmpty()) {
            return "node";
        }
        char first = r.charAt(0);
        if (first == '_' || first == '-') {
            r = "n" + r;
        }
        return r;
    }

    /** A sanitised name not used yet in this graph ({@code base}, else {@code base_1}, {@code base_2}, ...). */
    public String uniqueName(String base) {
        String clean = sanitize(base);
        String name = clean;
        for (int i = 1; names.contains(name); i++) {
            name = clean + "_" + i;
        }
        names.add(name);
        return name;
    }

    /** Starts a node of op type {@code op}; its name is {@code uniqueName(nameHint)}. */
    public Node op(String op, String nameHint) {
        return new Node(op, uniqueName(nameHint));
    }

    /** Starts a node named exactly {@code reservedName}, a name returned by {@link #uniqueName} and not used yet. */
    public Node opReserved(String op, String reservedName) {
        if (!names.contains(reservedName)) {
            throw new IllegalArgumentException("Name '" + reservedName + "' was not reserved with uniqueName");
        }
        return new Node(op, reservedName);
    }

    public GraphDef build() {
        return graph.build();
    }

    public int nodeCount() {
        return graph.getNodeCount();
    }

    /** One node under construction; {@link #build()} adds it to the graph and returns its name. */
    public final class Node {
        private final NodeDef.Builder node;

        private Node(String op, String name) {
            node = NodeDef.newBuilder().setOp(op).setName(name);
        }

        public Node input(String... refs) {
            for (String r : refs) {
                node.addInput(r);
            }
            return this;
        }

        public Node inputs(List<String> refs) {
            node.addAllInput(refs);
            return this;
        }

        public Node type(String key, DataType type) {
            return attr(key, AttrValue.newBuilder().setType(type).build());
        }

        public Node attr(String key, long value) {
            return attr(key, AttrValue.newBuilder().setI(value).build());
        }

        public Node attr(String key, boolean value) {
            return attr(key, AttrValue.newBuilder().setB(value).build());
        }

        public Node attr(String key, float value) {
            return attr(key, AttrValue.newBuilder().setF(value).build());
        }

        public Node attr(String key, String value) {
            return attr(
                    key,
                    AttrValue.newBuilder()
                            .setS(com.google.protobuf.ByteString.copyFromUtf8(value))
                            .build());
        }

        public Node ints(String key, long... values) {
            AttrValue.ListValue.Builder list = AttrValue.ListValue.newBuilder();
            for (long v : values) {
                list.addI(v);
            }
            return attr(key, AttrValue.newBuilder().setList(list).build());
        }

        public Node shape(String key, long[] dims) {
            return attr(key, AttrValue.newBuilder().setShape(shapeProto(dims)).build());
        }

        public Node attr(String key, AttrValue value) {
            node.putAttr(key, value);
            return this;
        }

        public String build() {
            graph.addNode(node);
            return node.getName();
        }
    }

    /** {@code dims == null}: unknown rank; {@code -1}: unknown dimension. */
    public static TensorShapeProto shapeProto(long[] dims) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        if (dims == null) {
            return s.setUnknownRank(true).build();
        }
        for (long d : dims) {
            s.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
        }
        return s.build();
    }

    // ---------------------------------------------------------------------------------------------- constants

    /**
     * A {@code Const} node holding {@code content} (little-endian, row-major, {@link #byteSize} bytes per
     * element; bool is one byte) with the given shape ({@code long[0]} for a scalar).
     */
    public String constant(String nameHint, DataType dtype, byte[] content, long... shape) {
        String key = null;
        if (content.length <= DEDUP_MAX_BYTES) {
            StringBuilder k = new StringBuilder().append(dtype.getNumber()).append('|');
            for (long d : shape) {
                k.append(d).append(',');
            }
            k.append('|');
            for (byte b : content) {
                k.append(b).append(',');
            }
            key = k.toString();
            String existing = smallConstants.get(key);
            if (existing != null) {
                return existing;
            }
        }
        TensorProto tensor = TensorProto.newBuilder()
                .setDtype(dtype)
                .setTensorShape(shapeProto(shape))
                .setTensorContent(ByteString.copyFrom(content))
                .build();
        String name = op("Const", nameHint)
                .type("dtype", dtype)
                .attr("value", AttrValue.newBuilder().setTensor(tensor).build())
                .build();
        if (key != null) {
            smallConstants.put(key, name);
        }
        return name;
    }

    public String constInt64(String nameHint, long[] values, long... shape) {
        ByteBuffer b = buffer(values.length * 8L);
        for (long v : values) {
            b.putLong(v);
        }
        return constant(nameHint, DataType.DT_INT64, b.array(), shape);
    }

    public String constInt32(String nameHint, int[] values, long... shape) {
        ByteBuffer b = buffer(values.length * 4L);
        for (int v : values) {
            b.putInt(v);
        }
        return constant(nameHint, DataType.DT_INT32, b.array(), shape);
    }

    public String constFloat(String nameHint, float[] values, long... shape) {
        ByteBuffer b = buffer(values.length * 4L);
        for (float v : values) {
            b.putFloat(v);
        }
        return constant(nameHint, DataType.DT_FLOAT, b.array(), shape);
    }

    /** 1-D int64 vector constant. */
    public String vectorInt64(long... values) {
        return constInt64("const", values, values.length);
    }

    /** 1-D int32 vector constant. */
    public String vectorInt32(int... values) {
        return constInt32("const", values, values.length);
    }

    public String scalarInt32(int value) {
        return constInt32("const", new int[] {value});
    }

    public String scalarInt64(long value) {
        return constInt64("const", new long[] {value});
    }

    /** Rank-0 constant of {@code dtype} holding {@code value} (converted, for the numeric types). */
    public String scalar(DataType dtype, double value) {
        return constant("const", dtype, scalarBytes(dtype, value));
    }

    static byte[] scalarBytes(DataType dtype, double value) {
        ByteBuffer b = buffer(byteSize(dtype));
        switch (dtype) {
            case DT_FLOAT -> b.putFloat((float) value);
            case DT_DOUBLE -> b.putDouble(value);
            case DT_INT64, DT_UINT64 -> b.putLong((long) value);
            case DT_INT32, DT_UINT32 -> b.putInt((int) (long) value);
            case DT_INT16, DT_UINT16 -> b.putShort((short) (long) value);
            case DT_INT8, DT_UINT8 -> b.put((byte) (long) value);
            case DT_BOOL -> b.put((byte) (value != 0 ? 1 : 0));
            default -> throw new IllegalArgumentException("No scalar constant of type " + dtype);
        }
        return b.array();
    }

    /** Bytes per element of a fixed-size TensorFlow type. */
    public static int byteSize(DataType dtype) {
        return switch (dtype) {
            case DT_FLOAT, DT_INT32, DT_UINT32 -> 4;
            case DT_DOUBLE, DT_INT64, DT_UINT64, DT_COMPLEX64 -> 8;
            case DT_INT16, DT_UINT16, DT_HALF, DT_BFLOAT16 -> 2;
            case DT_INT8, DT_UINT8, DT_BOOL -> 1;
            case DT_COMPLEX128 -> 16;
            default -> throw new IllegalArgumentException("No fixed element size for " + dtype);
        };
    }

    private static ByteBuffer buffer(long size) {
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Constant of " + size + " bytes is too large");
        }
        return ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
    }
}

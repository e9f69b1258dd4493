package io.crossmodal.models.importer.onnx;

import io.crossmodal.models.importer.tf.GraphBuilder;
import java.util.Map;
import org.tensorflow.proto.DataType;

/** Element-wise, matrix, reduction, softmax and cast ops. */
final class MathOps {

    private MathOps() {}

    static void register(Map<String, OpConverter> m) {
        for (String[] u : new String[][] {
            {"Erf", "Erf"}, {"Sqrt", "Sqrt"}, {"Exp", "Exp"}, {"Log", "Log"}, {"Tanh", "Tanh"},
            {"Sigmoid", "Sigmoid"}, {"Relu", "Relu"}, {"Neg", "Neg"}, {"Abs", "Abs"}, {"Floor", "Floor"},
            {"Ceil", "Ceil"}, {"Reciprocal", "Reciprocal"}, {"Sin", "Sin"}, {"Cos", "Cos"}, {"Round", "Round"},
            {"Sign", "Sign"}
        }) {
            m.put(u[0], unary(u[1]));
        }
        m.put("Not", (ctx, n) -> {
            Value x = ctx.input(0);
            ctx.output(
                    0,
                    new Value(
                            ctx.graph()
                                    .op("LogicalNot", ctx.name(null))
                                    .input(x.ref())
                                    .build(),
                            DataType.DT_BOOL,
                            x.shape()));
        });
        m.put("Identity", (ctx, n) -> ctx.output(0, identity(ctx, ctx.input(0))));
        m.put("Dropout", (ctx, n) -> {
            // Inference: Dropout is the identity. Its optional mask output is not produced.
            if (ctx.outputCount() > 1 && !n.getOutput(1).isEmpty()) {
                throw ctx.unsupported("the mask output of Dropout is not supported");
            }
            ctx.output(0, identity(ctx, ctx.input(0)));
        });
        m.put("Add", binary("AddV2", null));
        m.put("Sub", binary("Sub", null));
        m.put("Mul", binary("Mul", null));
        m.put("Div", (ctx, n) -> {
            Value a = ctx.input(0);
            // ONNX integer division truncates toward zero (C semantics): TruncateDiv; floats: RealDiv.
            binary(isFloat(a.dtype()) ? "RealDiv" : "TruncateDiv", null).convert(ctx, n);
        });
        m.put("Equal", binary("Equal", DataType.DT_BOOL));
        m.put("Less", binary("Less", DataType.DT_BOOL));
        m.put("Greater", binary("Greater", DataType.DT_BOOL));
        m.put("LessOrEqual", binary("LessEqual", DataType.DT_BOOL));
        m.put("GreaterOrEqual", binary("GreaterEqual", DataType.DT_BOOL));
        m.put("And", binary("LogicalAnd", DataType.DT_BOOL));
        m.put("Or", binary("LogicalOr", DataType.DT_BOOL));
        m.put("Max", variadic("Maximum"));
        m.put("Min", variadic("Minimum"));
        m.put("Sum", variadic("AddV2"));
        m.put("Pow", MathOps::pow);
        m.put("Where", MathOps::where);
        m.put("Cast", MathOps::cast);
        m.put("MatMul", MathOps::matMul);
        m.put("Softmax", (ctx, n) -> softmax(ctx, false));
        m.put("LogSoftmax", (ctx, n) -> softmax(ctx, true));
        m.put("ReduceMean", reduce("Mean"));
        m.put("ReduceSum", reduce("Sum"));
        m.put("ReduceMax", reduce("Max"));
        m.put("ReduceMin", reduce("Min"));
        m.put("ReduceProd", reduce("Prod"));
        m.put("Range", MathOps::range);
    }

    static boolean isFloat(DataType t) {
        return t == DataType.DT_FLOAT || t == DataType.DT_DOUBLE || t == DataType.DT_HALF || t == DataType.DT_BFLOAT16;
    }

    static Value identity(ConversionContext ctx, Value x) {
        return new Value(ctx.op("Identity", null, x.dtype(), x.ref()), x.dtype(), x.shape());
    }

    private static OpConverter unary(String tfOp) {
        return (ctx, n) -> {
            Value x = ctx.input(0);
            ctx.output(0, new Value(ctx.op(tfOp, null, x.dtype(), x.ref()), x.dtype(), x.shape()));
        };
    }

    /** Broadcasting binary op; {@code resultType} null: the operands' type. */
    private static OpConverter binary(String tfOp, DataType resultType) {
        return (ctx, n) -> {
            Value a = ctx.input(0);
            Value b = ctx.input(1);
            if (a.dtype() != b.dtype()) {
                throw ctx.unsupported("operands of different types " + a.dtype() + " and " + b.dtype());
            }
            GraphBuilder.Node node = ctx.graph().op(tfOp, ctx.name(null)).input(a.ref(), b.ref());
            if (!tfOp.startsWith("Logical")) {
                node.type("T", a.dtype());
            }
            if (tfOp.equals("Equal")) {
                node.attr("incompatible_shape_error", true);
            }
            ctx.output(
                    0,
                    new Value(
                            node.build(),
                            resultType == null ? a.dtype() : resultType,
                            ConversionContext.broadcast(a.shape(), b.shape())));
        };
    }

    private static OpConverter variadic(String tfOp) {
        return (ctx, n) -> {
            Value acc = ctx.input(0);
            if (ctx.inputCount() == 1) {
                acc = identity(ctx, acc);
            }
            for (int i = 1; i < ctx.inputCount(); i++) {
                Value b = ctx.input(i);
                acc = new Value(
                        ctx.op(tfOp, null, acc.dtype(), acc.ref(), b.ref()),
                        acc.dtype(),
                        ConversionContext.broadcast(acc.shape(), b.shape()));
            }
            ctx.output(0, acc);
        };
    }

    private static void pow(ConversionContext ctx, io.crossmodal.models.importer.onnx.proto.OnnxProto.NodeProto n) {
        Value x = ctx.input(0);
        Value y = ctx.input(1);
        double[] e = ctx.constDoubles(1);
        if (e != null && e.length == 1 && y.rank() <= x.rank() && isFloat(x.dtype())) {
            // x^2 as x*x (what ONNX Runtime computes too); x^1 as x; x^0.5 as sqrt(x).
            if (e[0] == 2.0) {
                ctx.output(0, new Value(ctx.op("Square", null, x.dtype(), x.ref()), x.dtype(), x.shape()));
                return;
            }
            if (e[0] == 1.0) {
                ctx.output(0, identity(ctx, x));
                return;
            }
            if (e[0] == 0.5) {
                ctx.output(0, new Value(ctx.op("Sqrt", null, x.dtype(), x.ref()), x.dtype(), x.shape()));
                return;
            }
        }
        // Since opset 12 the exponent may have another type than the base: TF Pow needs one type.
        Value yc = ctx.cast(y, x.dtype());
        ctx.output(
                0,
                new Value(
                        ctx.op("Pow", null, x.dtype(), x.ref(), yc.ref()),
                        x.dtype(),
                        ConversionContext.broadcast(x.shape(), y.shape())));
    }

    private static void where(ConversionContext ctx, io.crossmodal.models.importer.onnx.proto.OnnxProto.NodeProto n) {
        Value c = ctx.input(0);
        Value a = ctx.input(1);
        Value b = ctx.input(2);
        String ref = ctx.op("SelectV2", null, a.dtype(), c.ref(), a.ref(), b.ref());
        ctx.output(
                0,
                new Value(
                        ref,
                        a.dtype(),
                        ConversionContext.broadcast(c.shape(), ConversionContext.broadcast(a.shape(), b.shape()))));
    }

    private static void cast(ConversionContext ctx, io.crossmodal.models.importer.onnx.proto.OnnxProto.NodeProto n) {
        Value x = ctx.input(0);
        if (ctx.attr("to") == null) {
            throw ctx.unsupported("Cast without a 'to' attribute");
        }
        int to = (int) ctx.attrInt("to", 0);
        DataType t = OnnxTensors.tfType(to);
        if (t == null) {
            throw ctx.unsupported("cast to " + OnnxTensors.onnxTypeName(to));
        }
        ctx.rejectAttr("saturate", 1);
        ctx.output(0, x.dtype() == t ? identity(ctx, x) : ctx.cast(x, t));
    }

    private static void matMul(ConversionContext ctx, io.crossmodal.models.importer.onnx.proto.OnnxProto.NodeProto n) {
        Value a = ctx.input(0);
        Value b = ctx.input(1);
        ctx.output(0, matMul(ctx, a, b));
    }

    /**
     * Numpy matmul of two tensors of rank >= 2: {@code MatMul} for two matrices, else {@code BatchMatMulV2} (which
     * broadcasts batch dimensions; V3 would skip oneDNN and is several times slower).
     */
    static Value matMul(ConversionContext ctx, Value a, Value b) {
        if (a.rank() == 1 || b.rank() == 1) {
            throw ctx.unsupported("MatMul with a 1-D operand (shapes " + java.util.Arrays.toString(a.shape()) + ", "
                    + java.util.Arrays.toString(b.shape()) + ")");
        }
        if (a.dtype() != b.dtype()) {
            throw ctx.unsupported("operands of different types " + a.dtype() + " and " + b.dtype());
        }
        long[] shape = null;
        if (a.rankKnown() && b.rankKnown()) {
            long[] batchA = java.util.Arrays.copyOf(a.shape(), a.rank() - 2);
            long[] batchB = java.util.Arrays.copyOf(b.shape(), b.rank() - 2);
            long[] batch = ConversionContext.broadcast(batchA, batchB);
            shape = java.util.Arrays.copyOf(batch, batch.length + 2);
            shape[batch.length] = a.shape()[a.rank() - 2];
            shape[batch.length + 1] = b.shape()[b.rank() - 1];
        }
        String ref;
        if (a.rank() == 2 && b.rank() == 2) {
            ref = ctx.graph()
                    .op("MatMul", ctx.name(null))
                    .input(a.ref(), b.ref())
                    .type("T", a.dtype())
                    .attr("transpose_a", false)
                    .attr("transpose_b", false)
                    .build();
        } else {
            ref = ctx.graph()
                    .op("BatchMatMulV2", ctx.name(null))
                    .input(a.ref(), b.ref())
                    .type("T", a.dtype())
                    .attr("adj_x", false)
                    .attr("adj_y", false)
                    .build();
        }
        return new Value(ref, a.dtype(), shape);
    }

    /**
     * Softmax / LogSoftmax. Before opset 13 the input is flattened to 2-D at {@code axis} (default 1) and the
     * softmax runs over the second dimension; from 13 it runs along {@code axis} (default -1).
     */
    private static void softmax(ConversionContext ctx, boolean log) {
        Value x = ctx.input(0);
        String tfOp = log ? "LogSoftmax" : "Softmax";
        long axis = ctx.attrInt("axis", ctx.opset() < 13 ? 1 : -1);
        int r = x.rank();
        boolean last = axis == -1 || (r >= 0 && axis == r - 1);
        String ref;
        if (last) {
            ref = ctx.op(tfOp, null, x.dtype(), x.ref());
        } else if (ctx.opset() < 13) {
            // Flatten to [prod(shape[:axis]), prod(shape[axis:])], softmax over the second, restore the shape.
            GraphBuilder g = ctx.graph();
            String shape = ctx.shapeOf(x, DataType.DT_INT64);
            String head = ctx.stridedSlice(shape, DataType.DT_INT64, new long[] {0}, new long[] {axis}, 0, 0, 0);
            String outer = g.op("Prod", ctx.name("outer"))
                    .input(head, g.scalarInt32(0))
                    .type("T", DataType.DT_INT64)
                    .type("Tidx", DataType.DT_INT32)
                    .attr("keep_dims", true)
                    .build();
            String flatShape = g.op("ConcatV2", ctx.name("flat_shape"))
                    .input(outer, g.vectorInt64(-1), g.scalarInt32(0))
                    .attr("N", 2L)
                    .type("T", DataType.DT_INT64)
                    .type("Tidx", DataType.DT_INT32)
                    .build();
            String flat = g.op("Reshape", ctx.name("flatten"))
                    .input(x.ref(), flatShape)
                    .type("T", x.dtype())
                    .type("Tshape", DataType.DT_INT64)
                    .build();
            String sm = ctx.op(tfOp, null, x.dtype(), flat);
            ref = g.op("Reshape", ctx.name("restore"))
                    .input(sm, shape)
                    .type("T", x.dtype())
                    .type("Tshape", DataType.DT_INT64)
                    .build();
        } else {
            // Along a non-last axis: exp(x - max) / sum(exp(x - max)).
            GraphBuilder g = ctx.graph();
            String ax = g.vectorInt32((int) axis);
            String max = reduceNode(ctx, "Max", x, ax, DataType.DT_INT32, true);
            String shifted = ctx.op("Sub", "shifted", x.dtype(), x.ref(), max);
            String exp = ctx.op("Exp", "exp", x.dtype(), shifted);
            String sum = reduceNode(ctx, "Sum", new Value(exp, x.dtype(), x.shape()), ax, DataType.DT_INT32, true);
            ref = log
                    ? ctx.op("Sub", null, x.dtype(), shifted, ctx.op("Log", "log_sum", x.dtype(), sum))
                    : ctx.op("RealDiv", null, x.dtype(), exp, sum);
        }
        ctx.output(0, new Value(ref, x.dtype(), x.shape()));
    }

    private static String reduceNode(
            ConversionContext ctx, String tfOp, Value x, String axes, DataType axesType, boolean keepDims) {
        return ctx.graph()
                .op(tfOp, ctx.name(tfOp.toLowerCase()))
                .input(x.ref(), axes)
                .type("T", x.dtype())
                .type("Tidx", axesType)
                .attr("keep_dims", keepDims)
                .build();
    }

    /**
     * ReduceX. Axes are an attribute until opset 18 (ReduceSum: until 13) and an optional input after; keepdims
     * defaults to 1; no axes means all axes unless noop_with_empty_axes=1 (then the identity).
     */
    private static OpConverter reduce(String tfOp) {
        return (ctx, n) -> {
            Value x = ctx.input(0);
            long axesInputFrom = n.getOpType().equals("ReduceSum") ? 13 : 18;
            long[] axes = ctx.opset() >= axesInputFrom ? ctx.requireConstLongs(1, "axes") : ctx.attrInts("axes");
            boolean keep = ctx.attrInt("keepdims", 1) != 0;
            GraphBuilder g = ctx.graph();
            String axesRef;
            long[] shape = null;
            if (axes == null || axes.length == 0) {
                if (ctx.attrInt("noop_with_empty_axes", 0) != 0) {
                    ctx.output(0, identity(ctx, x));
                    return;
                }
                String rank = g.op("Rank", ctx.name("rank"))
                        .input(x.ref())
                        .type("T", x.dtype())
                        .build();
                axesRef = g.op("Range", ctx.name("all_axes"))
                        .input(g.scalarInt32(0), rank, g.scalarInt32(1))
                        .type("Tidx", DataType.DT_INT32)
                        .build();
                if (x.rankKnown()) {
                    shape = keep ? filled(x.rank(), 1) : new long[0];
                }
            } else {
                int[] ax = new int[axes.length];
                for (int i = 0; i < axes.length; i++) {
                    ax[i] = (int) (x.rankKnown() ? ctx.axis(axes[i], x.rank()) : axes[i]);
                }
                axesRef = g.vectorInt32(ax);
                if (x.rankKnown()) {
                    java.util.List<Long> dims = new java.util.ArrayList<>();
                    for (int d = 0; d < x.rank(); d++) {
                        boolean reduced = false;
                        for (int a : ax) {
                            reduced |= a == d;
                        }
                        if (!reduced) {
                            dims.add(x.shape()[d]);
                        } else if (keep) {
                            dims.add(1L);
                        }
                    }
                    shape = dims.stream().mapToLong(Long::longValue).toArray();
                }
            }
            ctx.output(0, new Value(reduceNode(ctx, tfOp, x, axesRef, DataType.DT_INT32, keep), x.dtype(), shape));
        };
    }

    private static long[] filled(int n, long v) {
        long[] a = new long[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    private static void range(ConversionContext ctx, io.crossmodal.models.importer.onnx.proto.OnnxProto.NodeProto n) {
        Value start = ctx.input(0);
        Value limit = ctx.input(1);
        Value delta = ctx.input(2);
        String ref = ctx.graph()
                .op("Range", ctx.name(null))
                .input(start.ref(), limit.ref(), delta.ref())
                .type("Tidx", start.dtype())
                .build();
        ctx.output(0, new Value(ref, start.dtype(), new long[] {-1}));
    }
}

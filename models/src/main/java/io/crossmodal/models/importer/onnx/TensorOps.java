package io.crossmodal.models.importer.onnx;

import io.crossmodal.models.importer.onnx.proto.OnnxProto.AttributeProto;
import io.crossmodal.models.importer.onnx.proto.OnnxProto.NodeProto;
import io.crossmodal.models.importer.onnx.proto.OnnxProto.TensorProto;
import io.crossmodal.models.importer.tf.GraphBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.tensorflow.proto.DataType;

/** Constants and shape / layout ops. */
final class TensorOps {

    private TensorOps() {}

    static void register(Map<String, OpConverter> m) {
        m.put("Constant", TensorOps::constant);
        m.put("Shape", TensorOps::shape);
        m.put("Gather", TensorOps::gather);
        m.put("Reshape", TensorOps::reshape);
        m.put("Unsqueeze", TensorOps::unsqueeze);
        m.put("Squeeze", TensorOps::squeeze);
        m.put("Concat", TensorOps::concat);
        m.put("Transpose", TensorOps::transpose);
        m.put("Slice", TensorOps::slice);
        m.put("Expand", TensorOps::expand);
        m.put("ConstantOfShape", TensorOps::constantOfShape);
    }

    /** An ONNX tensor as a TF Const; also recorded as an ONNX constant for import-time reads. */
    static Value constTensor(ConversionContext ctx, TensorProto t, String nameHint) {
        DataType type = OnnxTensors.tfType(t.getDataType());
        if (type == null) {
            throw ctx.unsupported("constant of element type " + OnnxTensors.onnxTypeName(t.getDataType()));
        }
        long[] dims = OnnxTensors.dims(t);
        String ref = ctx.graph().constant(nameHint, type, OnnxTensors.rawBytes(t, ctx.modelDir()), dims);
        return new Value(ref, type, dims);
    }

    private static void constant(ConversionContext ctx, NodeProto n) {
        if (n.getAttributeCount() != 1) {
            throw ctx.unsupported("Constant needs exactly one value attribute, has " + n.getAttributeCount());
        }
        AttributeProto a = n.getAttribute(0);
        TensorProto.Builder t = TensorProto.newBuilder().setName(n.getOutput(0));
        switch (a.getName()) {
            case "value" -> t.mergeFrom(a.getT()).setName(n.getOutput(0));
            case "value_float" -> t.setDataType(1).addFloatData(a.getF());
            case "value_floats" -> t.setDataType(1).addDims(a.getFloatsCount()).addAllFloatData(a.getFloatsList());
            case "value_int" -> t.setDataType(7).addInt64Data(a.getI());
            case "value_ints" -> t.setDataType(7).addDims(a.getIntsCount()).addAllInt64Data(a.getIntsList());
            default -> throw ctx.unsupported("Constant attribute '" + a.getName() + "'");
        }
        // Deferred like an initializer: the Const node is written on first use as a tensor, so weights that a
        // converter folds at import time (Conv, BatchNormalization) are not written twice.
        ctx.deferredConstantOutput(0, t.build());
    }

    /** Shape: int64 in ONNX, so {@code out_type=int64}; opset 15's start / end attributes slice it. */
    private static void shape(ConversionContext ctx, NodeProto n) {
        Value x = ctx.input(0);
        String ref = ctx.shapeOf(x, DataType.DT_INT64);
        long[] shape = new long[] {x.rank()};
        if (ctx.attr("start") != null || ctx.attr("end") != null) {
            long start = ctx.attrInt("start", 0);
            long end = ctx.attrInt("end", Long.MAX_VALUE);
            ref = ctx.stridedSlice(
                    ref,
                    DataType.DT_INT64,
                    new long[] {start},
                    new long[] {end == Long.MAX_VALUE ? 0 : end},
                    0,
                    end == Long.MAX_VALUE ? 1 : 0,
                    0);
            shape = new long[] {-1};
        }
        ctx.output(0, new Value(ref, DataType.DT_INT64, shape));
    }

    /**
     * Gather along {@code axis} as GatherV2. ONNX allows negative indices, TF does not: constant indices are
     * checked at import time, computed ones are normalised in the graph ({@code i < 0 ? i + dim : i}).
     */
    private static void gather(ConversionContext ctx, NodeProto n) {
        Value data = ctx.input(0);
        Value idx = ctx.input(1);
        long axis = ctx.attrInt("axis", 0);
        if (data.rankKnown()) {
            axis = ctx.axis(axis, data.rank());
        }
        GraphBuilder g = ctx.graph();
        String indices = idx.ref();
        long[] constIdx = ctx.constLongs(1);
        boolean nonNegative = constIdx != null && Arrays.stream(constIdx).allMatch(v -> v >= 0);
        if (!nonNegative) {
            long dimSize = data.rankKnown() ? data.shape()[(int) axis] : -1;
            if (constIdx != null && dimSize >= 0) {
                long[] fixed = constIdx.clone();
                for (int i = 0; i < fixed.length; i++) {
                    fixed[i] = fixed[i] < 0 ? fixed[i] + dimSize : fixed[i];
                }
                indices = idx.dtype() == DataType.DT_INT32
                        ? g.constInt32(
                                ctx.name("indices"),
                                Arrays.stream(fixed).mapToInt(v -> (int) v).toArray(),
                                idx.shape())
                        : g.constInt64(ctx.name("indices"), fixed, idx.shape());
            } else {
                String dim = ctx.element(ctx.shapeOf(data, idx.dtype()), idx.dtype(), axis);
                String zero = g.scalar(idx.dtype(), 0);
                String negative = g.op("Less", ctx.name("negative"))
                        .input(idx.ref(), zero)
                        .type("T", idx.dtype())
                        .build();
                String shifted = ctx.op("AddV2", "shifted", idx.dtype(), idx.ref(), dim);
                indices = ctx.op("SelectV2", "indices", idx.dtype(), negative, shifted, idx.ref());
            }
        }
        String ref = g.op("GatherV2", ctx.name(null))
                .input(data.ref(), indices, g.scalarInt64(axis))
                .type("Tparams", data.dtype())
                .type("Tindices", idx.dtype())
                .type("Taxis", DataType.DT_INT64)
                .attr("batch_dims", 0L)
                .build();
        long[] shape = null;
        if (data.rankKnown() && idx.rankKnown() && axis >= 0) {
            List<Long> dims = new ArrayList<>();
            for (int d = 0; d < axis; d++) {
                dims.add(data.shape()[d]);
            }
            for (long d : idx.shape()) {
                dims.add(d);
            }
            for (int d = (int) axis + 1; d < data.rank(); d++) {
                dims.add(data.shape()[d]);
            }
            shape = dims.stream().mapToLong(Long::longValue).toArray();
        }
        ctx.output(0, new Value(ref, data.dtype(), shape));
    }

    /**
     * Reshape: in ONNX a 0 copies the input's dimension (unless allowzero=1) and -1 is inferred; in TF a 0 is an
     * empty dimension. A constant shape without 0 is used as is; otherwise the zeros are replaced in the graph by
     * the input's dimensions.
     */
    private static void reshape(ConversionContext ctx, NodeProto n) {
        if (ctx.opset() < 5) {
            throw ctx.unsupported("Reshape before opset 5 (shape attribute)");
        }
        Value x = ctx.input(0);
        Value shapeIn = ctx.cast(ctx.input(1), DataType.DT_INT64);
        boolean allowZero = ctx.attrInt("allowzero", 0) != 0;
        long[] target = ctx.constLongs(1);
        GraphBuilder g = ctx.graph();
        String shapeRef;
        long[] outShape = null;
        if (target != null && (allowZero || Arrays.stream(target).noneMatch(v -> v == 0))) {
            shapeRef = g.constInt64(ctx.name("shape"), target, target.length);
            outShape = target.clone();
            for (int i = 0; i < outShape.length; i++) {
                outShape[i] = outShape[i] < 0 ? -1 : outShape[i];
            }
        } else if (allowZero) {
            shapeRef = shapeIn.ref();
        } else {
            // where(shape == 0, concat(Shape(x), zeros)[:len(shape)], shape)
            String xShape = ctx.shapeOf(x, DataType.DT_INT64);
            String zeros = ctx.op("ZerosLike", "zeros", DataType.DT_INT64, shapeIn.ref());
            String padded = g.op("ConcatV2", ctx.name("padded"))
                    .input(xShape, zeros, g.scalarInt32(0))
                    .attr("N", 2L)
                    .type("T", DataType.DT_INT64)
                    .type("Tidx", DataType.DT_INT32)
                    .build();
            String len = g.op("Size", ctx.name("len"))
                    .input(shapeIn.ref())
                    .type("T", DataType.DT_INT64)
                    .type("out_type", DataType.DT_INT64)
                    .build();
            String lenVec = g.op("Reshape", ctx.name("len_vec"))
                    .input(len, g.vectorInt64(1))
                    .type("T", DataType.DT_INT64)
                    .type("Tshape", DataType.DT_INT64)
                    .build();
            String head = g.op("StridedSlice", ctx.name("head"))
                    .input(padded, g.vectorInt64(0), lenVec, g.vectorInt64(1))
                    .type("T", DataType.DT_INT64)
                    .type("Index", DataType.DT_INT64)
                    .attr("begin_mask", 0L)
                    .attr("end_mask", 0L)
                    .attr("ellipsis_mask", 0L)
                    .attr("new_axis_mask", 0L)
                    .attr("shrink_axis_mask", 0L)
                    .build();
            String isZero = g.op("Equal", ctx.name("is_zero"))
                    .input(shapeIn.ref(), g.scalarInt64(0))
                    .type("T", DataType.DT_INT64)
                    .attr("incompatible_shape_error", true)
                    .build();
            shapeRef = ctx.op("SelectV2", "shape", DataType.DT_INT64, isZero, head, shapeIn.ref());
            if (target != null) {
                outShape = new long[target.length];
                for (int i = 0; i < target.length; i++) {
                    outShape[i] = target[i] == 0 && x.rankKnown() && i < x.rank()
                            ? x.shape()[i]
                            : target[i] < 0 ? -1 : target[i];
                }
            }
        }
        if (outShape == null && shapeIn.rankKnown() && shapeIn.rank() == 1 && shapeIn.shape()[0] >= 0) {
            outShape = new long[(int) shapeIn.shape()[0]];
            Arrays.fill(outShape, -1);
        }
        String ref = g.op("Reshape", ctx.name(null))
                .input(x.ref(), shapeRef)
                .type("T", x.dtype())
                .type("Tshape", DataType.DT_INT64)
                .build();
        ctx.output(0, new Value(ref, x.dtype(), outShape));
    }

    /** Axes: attribute before opset 13, constant input from 13. */
    private static long[] axesOf(ConversionContext ctx) {
        return ctx.opset() >= 13 ? ctx.requireConstLongs(1, "axes") : ctx.attrInts("axes");
    }

    private static void unsqueeze(ConversionContext ctx, NodeProto n) {
        Value x = ctx.input(0);
        long[] axes = axesOf(ctx);
        if (axes == null || axes.length == 0) {
            throw ctx.unsupported("Unsqueeze without axes");
        }
        int outRank = x.rankKnown() ? x.rank() + axes.length : -1;
        long[] norm = new long[axes.length];
        for (int i = 0; i < axes.length; i++) {
            norm[i] = ctx.axis(axes[i], outRank);
        }
        Arrays.sort(norm);
        // Inserting in increasing order of output position gives the ONNX result.
        String ref = x.ref();
        List<Long> dims =
                x.rankKnown() ? new ArrayList<>(Arrays.stream(x.shape()).boxed().toList()) : null;
        GraphBuilder g = ctx.graph();
        for (long a : norm) {
            ref = g.op("ExpandDims", ctx.name(null))
                    .input(ref, g.scalarInt32((int) a))
                    .type("T", x.dtype())
                    .type("Tdim", DataType.DT_INT32)
                    .build();
            if (dims != null) {
                dims.add((int) a, 1L);
            }
        }
        ctx.output(
                0,
                new Value(
                        ref,
                        x.dtype(),
                        dims == null
                                ? null
                                : dims.stream().mapToLong(Long::longValue).toArray()));
    }

    private static void squeeze(ConversionContext ctx, NodeProto n) {
        Value x = ctx.input(0);
        long[] axes = axesOf(ctx);
        GraphBuilder.Node node =
                ctx.graph().op("Squeeze", ctx.name(null)).input(x.ref()).type("T", x.dtype());
        long[] shape = null;
        if (axes == null || axes.length == 0) {
            node.ints("squeeze_dims");
            if (x.rankKnown() && Arrays.stream(x.shape()).allMatch(d -> d >= 0)) {
                shape = Arrays.stream(x.shape()).filter(d -> d != 1).toArray();
            }
        } else {
            long[] norm = axes.clone();
            if (x.rankKnown()) {
                for (int i = 0; i < norm.length; i++) {
                    norm[i] = ctx.axis(norm[i], x.rank());
                }
                List<Long> dims = new ArrayList<>();
                for (int d = 0; d < x.rank(); d++) {
                    final int dd = d;
                    if (Arrays.stream(norm).noneMatch(a -> a == dd)) {
                        dims.add(x.shape()[d]);
                    }
                }
                shape = dims.stream().mapToLong(Long::longValue).toArray();
            }
            node.ints("squeeze_dims", norm);
        }
        ctx.output(0, new Value(node.build(), x.dtype(), shape));
    }

    private static void concat(ConversionContext ctx, NodeProto n) {
        if (ctx.attr("axis") == null) {
            throw ctx.unsupported("Concat without axis");
        }
        long axis = ctx.attrInt("axis", 0);
        List<Value> ins = new ArrayList<>();
        for (int i = 0; i < ctx.inputCount(); i++) {
            if (ctx.hasInput(i)) {
                ins.add(ctx.input(i));
            }
        }
        Value first = ins.get(0);
        if (ins.size() == 1) {
            ctx.output(0, MathOps.identity(ctx, first));
            return;
        }
        long[] shape = null;
        if (first.rankKnown()) {
            long ax = ctx.axis(axis, first.rank());
            shape = first.shape().clone();
            for (int i = 1; i < ins.size(); i++) {
                Value v = ins.get(i);
                if (!v.rankKnown() || shape[(int) ax] < 0 || v.shape()[(int) ax] < 0) {
                    shape[(int) ax] = -1;
                } else {
                    shape[(int) ax] += v.shape()[(int) ax];
                }
            }
        }
        GraphBuilder g = ctx.graph();
        GraphBuilder.Node node = g.op("ConcatV2", ctx.name(null));
        for (Value v : ins) {
            if (v.dtype() != first.dtype()) {
                throw ctx.unsupported("inputs of different types " + first.dtype() + " and " + v.dtype());
            }
            node.input(v.ref());
        }
        String ref = node.input(g.scalarInt32((int) axis))
                .attr("N", (long) ins.size())
                .type("T", first.dtype())
                .type("Tidx", DataType.DT_INT32)
                .build();
        ctx.output(0, new Value(ref, first.dtype(), shape));
    }

    private static void transpose(ConversionContext ctx, NodeProto n) {
        Value x = ctx.input(0);
        long[] perm = ctx.attrInts("perm");
        GraphBuilder g = ctx.graph();
        String permRef;
        long[] shape = null;
        if (perm == null) {
            if (!x.rankKnown()) {
                throw ctx.unsupported("Transpose without perm on a tensor of unknown rank");
            }
            perm = new long[x.rank()];
            for (int i = 0; i < perm.length; i++) {
                perm[i] = perm.length - 1 - i;
            }
        }
        permRef = g.vectorInt32(Arrays.stream(perm).mapToInt(v -> (int) v).toArray());
        if (x.rankKnown()) {
            shape = new long[perm.length];
            for (int i = 0; i < perm.length; i++) {
                shape[i] = x.shape()[(int) perm[i]];
            }
        } else {
            shape = new long[perm.length];
            Arrays.fill(shape, -1);
        }
        String ref = g.op("Transpose", ctx.name(null))
                .input(x.ref(), permRef)
                .type("T", x.dtype())
                .type("Tperm", DataType.DT_INT32)
                .build();
        ctx.output(0, new Value(ref, x.dtype(), shape));
    }

    /**
     * Slice as StridedSlice. Starts / ends / steps may be computed, axes must be constant. Axes not sliced get
     * begin / end mask bits; a constant end beyond int32 (ONNX writes INT64_MAX for "to the end") gets its end
     * mask bit too.
     */
    private static void slice(ConversionContext ctx, NodeProto n) {
        Value x = ctx.input(0);
        GraphBuilder g = ctx.graph();
        long[] axes;
        Param starts;
        Param ends;
        Param steps;
        if (ctx.opset() < 10) {
            starts = new Param(ctx.attrInts("starts"), null);
            ends = new Param(ctx.attrInts("ends"), null);
            axes = ctx.attrInts("axes");
            steps = null;
        } else {
            starts = new Param(ctx.constLongs(1), ctx.cast(ctx.input(1), DataType.DT_INT64));
            ends = new Param(ctx.constLongs(2), ctx.cast(ctx.input(2), DataType.DT_INT64));
            axes = ctx.requireConstLongs(3, "axes");
            steps = ctx.hasInput(4) ? new Param(ctx.constLongs(4), ctx.cast(ctx.input(4), DataType.DT_INT64)) : null;
        }
        int count;
        if (starts.values != null) {
            count = starts.values.length;
        } else if (starts.value.rankKnown()
                && starts.value.rank() == 1
                && starts.value.shape()[0] >= 0) {
            count = (int) starts.value.shape()[0];
        } else if (axes != null) {
            count = axes.length;
        } else {
            throw ctx.unsupported("Slice with computed starts of unknown length and no axes");
        }
        if (axes == null) {
            axes = new long[count];
            for (int i = 0; i < count; i++) {
                axes[i] = i;
            }
        }
        int[] pos = new int[axes.length];
        int len = 0;
        for (int i = 0; i < axes.length; i++) {
            pos[i] = (int) ctx.axis(axes[i], x.rank());
            len = Math.max(len, pos[i] + 1);
        }
        long beginMask = 0;
        long endMask = 0;
        for (int p = 0; p < len; p++) {
            final int pp = p;
            if (Arrays.stream(pos).noneMatch(a -> a == pp)) {
                beginMask |= 1L << p;
                endMask |= 1L << p;
            }
        }
        if (ends.values != null) {
            for (int j = 0; j < pos.length; j++) {
                long step = steps == null ? 1 : steps.values == null ? 1 : steps.values[j];
                long e = ends.values[j];
                if ((step > 0 && e >= Integer.MAX_VALUE) || (step < 0 && e <= Integer.MIN_VALUE)) {
                    endMask |= 1L << pos[j];
                }
            }
        }
        String begin = vector(ctx, starts, pos, len, 0, "begin");
        String end = vector(ctx, ends, pos, len, 0, "end");
        String stride = steps == null ? g.vectorInt64(filled(len, 1)) : vector(ctx, steps, pos, len, 1, "strides");
        String ref = g.op("StridedSlice", ctx.name(null))
                .input(x.ref(), begin, end, stride)
                .type("T", x.dtype())
                .type("Index", DataType.DT_INT64)
                .attr("begin_mask", beginMask)
                .attr("end_mask", endMask)
                .attr("ellipsis_mask", 0L)
                .attr("new_axis_mask", 0L)
                .attr("shrink_axis_mask", 0L)
                .build();
        long[] shape = null;
        if (x.rankKnown()) {
            shape = x.shape().clone();
            for (int p : pos) {
                shape[p] = -1;
            }
        }
        ctx.output(0, new Value(ref, x.dtype(), shape));
    }

    /** A Slice parameter: constant values, or a computed int64 vector. */
    private record Param(long[] values, Value value) {}

    /** The length-{@code len} int64 vector with {@code param[j]} at position {@code pos[j]}, {@code fill} elsewhere. */
    private static String vector(ConversionContext ctx, Param param, int[] pos, int len, long fill, String what) {
        GraphBuilder g = ctx.graph();
        if (param.values != null) {
            long[] v = filled(len, fill);
            for (int j = 0; j < pos.length; j++) {
                long x = param.values[j];
                // Clamp to the int64 range TF accepts without overflow in its own arithmetic.
                v[pos[j]] = Math.max(Math.min(x, Long.MAX_VALUE / 2), Long.MIN_VALUE / 2);
            }
            return g.constInt64(ctx.name(what), v, len);
        }
        boolean identityLayout = pos.length == len;
        for (int j = 0; j < pos.length && identityLayout; j++) {
            identityLayout = pos[j] == j;
        }
        if (identityLayout) {
            return param.value.ref();
        }
        GraphBuilder.Node concat = g.op("ConcatV2", ctx.name(what));
        for (int p = 0; p < len; p++) {
            int j = -1;
            for (int k = 0; k < pos.length; k++) {
                if (pos[k] == p) {
                    j = k;
                }
            }
            concat.input(
                    j < 0
                            ? g.vectorInt64(fill)
                            : ctx.stridedSlice(
                                    param.value.ref(), DataType.DT_INT64, new long[] {j}, new long[] {j + 1}, 0, 0, 0));
        }
        return concat.input(g.scalarInt32(0))
                .attr("N", (long) len)
                .type("T", DataType.DT_INT64)
                .type("Tidx", DataType.DT_INT32)
                .build();
    }

    static long[] filled(int n, long v) {
        long[] a = new long[n];
        Arrays.fill(a, v);
        return a;
    }

    /** Expand: bidirectional broadcast, so the target is BroadcastArgs(Shape(x), shape), then BroadcastTo. */
    private static void expand(ConversionContext ctx, NodeProto n) {
        Value x = ctx.input(0);
        Value shape = ctx.cast(ctx.input(1), DataType.DT_INT64);
        GraphBuilder g = ctx.graph();
        String target = g.op("BroadcastArgs", ctx.name("target"))
                .input(ctx.shapeOf(x, DataType.DT_INT64), shape.ref())
                .type("T", DataType.DT_INT64)
                .build();
        String ref = g.op("BroadcastTo", ctx.name(null))
                .input(x.ref(), target)
                .type("T", x.dtype())
                .type("Tidx", DataType.DT_INT64)
                .build();
        long[] outShape = null;
        long[] c = ctx.constLongs(1);
        if (c != null) {
            outShape = ConversionContext.broadcast(x.shape(), c);
        } else if (shape.rankKnown() && shape.rank() == 1 && shape.shape()[0] >= 0 && x.rankKnown()) {
            outShape = filled((int) Math.max(x.rank(), shape.shape()[0]), -1);
        }
        ctx.output(0, new Value(ref, x.dtype(), outShape));
    }

    /** ConstantOfShape: Fill(shape, value), value a one-element tensor attribute (default float 0). */
    private static void constantOfShape(ConversionContext ctx, NodeProto n) {
        Value shape = ctx.cast(ctx.input(0), DataType.DT_INT64);
        AttributeProto a = ctx.attr("value");
        TensorProto value = a != null
                ? a.getT()
                : TensorProto.newBuilder().setDataType(1).addFloatData(0f).build();
        DataType type = OnnxTensors.tfType(value.getDataType());
        if (type == null) {
            throw ctx.unsupported("value of type " + OnnxTensors.onnxTypeName(value.getDataType()));
        }
        String scalar = ctx.graph().constant(ctx.name("value"), type, OnnxTensors.rawBytes(value, ctx.modelDir()));
        String ref = ctx.graph()
                .op("Fill", ctx.name(null))
                .input(shape.ref(), scalar)
                .type("T", type)
                .type("index_type", DataType.DT_INT64)
                .build();
        long[] c = ctx.constLongs(0);
        long[] outShape = c != null
                ? c
                : shape.rankKnown() && shape.rank() == 1 && shape.shape()[0] >= 0
                        ? filled((int) shape.shape()[0], -1)
                        : null;
        ctx.output(0, new Value(ref, type, outShape));
    }
}

package io.crossmodal.models.importer.onnx;

import io.crossmodal.models.importer.onnx.proto.OnnxProto.NodeProto;
import io.crossmodal.models.importer.onnx.proto.OnnxProto.TensorProto;
import io.crossmodal.models.importer.tf.GraphBuilder;
import java.util.Arrays;
import java.util.Map;
import org.tensorflow.proto.DataType;

/**
 * Convolutional-network ops on 2-D images (rank-4 NCHW tensors): Conv, ConvTranspose, BatchNormalization,
 * pooling, Resize, and the activations of mobile CNNs (Clip, HardSigmoid, HardSwish, LeakyRelu).
 *
 * <p>Layout: ONNX values stay NCHW everywhere; each convolution / pooling / bilinear resize is wrapped in
 * {@code Transpose} NCHW->NHWC and back, because TensorFlow's CPU kernels are NHWC. Grappler removes the
 * back-to-back inverse transposes between consecutive convolutions. Convolution weights are transposed to HWIO at
 * import time (they must be constants).
 */
final class NnOps {

    private NnOps() {}

    static void register(Map<String, OpConverter> m) {
        m.put("Conv", NnOps::conv);
        m.put("ConvTranspose", NnOps::convTranspose);
        m.put("BatchNormalization", NnOps::batchNorm);
        m.put("GlobalAveragePool", (ctx, n) -> globalPool(ctx, "Mean"));
        m.put("GlobalMaxPool", (ctx, n) -> globalPool(ctx, "Max"));
        m.put("MaxPool", (ctx, n) -> pool(ctx, true));
        m.put("AveragePool", (ctx, n) -> pool(ctx, false));
        m.put("Clip", NnOps::clip);
        m.put("HardSigmoid", (ctx, n) -> {
            Value x = requireFloat(ctx, ctx.input(0));
            ctx.output(0, hardSigmoid(ctx, x, ctx.attrFloat("alpha", 0.2f), ctx.attrFloat("beta", 0.5f)));
        });
        m.put("HardSwish", (ctx, n) -> {
            Value x = requireFloat(ctx, ctx.input(0));
            Value hs = hardSigmoid(ctx, x, 1f / 6f, 0.5f);
            ctx.output(0, new Value(ctx.op("Mul", null, x.dtype(), x.ref(), hs.ref()), x.dtype(), x.shape()));
        });
        m.put("LeakyRelu", (ctx, n) -> {
            Value x = requireFloat(ctx, ctx.input(0));
            String ref = ctx.graph()
                    .op("LeakyRelu", ctx.name(null))
                    .input(x.ref())
                    .type("T", x.dtype())
                    .attr("alpha", ctx.attrFloat("alpha", 0.01f))
                    .build();
            ctx.output(0, new Value(ref, x.dtype(), x.shape()));
        });
        m.put("Resize", NnOps::resize);
    }

    // ---------------------------------------------------------------------------------------------- helpers

    private static Value requireFloat(ConversionContext ctx, Value x) {
        if (x.dtype() != DataType.DT_FLOAT) {
            throw ctx.unsupported("input of type " + x.dtype() + " (only float32 is supported)");
        }
        return x;
    }

    /** Requires a rank-4 (NCHW, 2-D spatial) input; the rank is taken from the weights when unknown. */
    private static void require2d(ConversionContext ctx, Value x, int fallbackRank) {
        int r = x.rankKnown() ? x.rank() : fallbackRank;
        if (r != 4) {
            throw ctx.unsupported(
                    "only 2-D spatial inputs (rank 4, NCHW) are supported, input rank is " + (r < 0 ? "unknown" : r));
        }
    }

    static String toNhwc(ConversionContext ctx, String nchw) {
        return ctx.graph()
                .op("Transpose", ctx.name("to_nhwc"))
                .input(nchw, ctx.graph().vectorInt32(0, 2, 3, 1))
                .type("T", DataType.DT_FLOAT)
                .type("Tperm", DataType.DT_INT32)
                .build();
    }

    static String toNchw(ConversionContext ctx, String nhwc) {
        return ctx.graph()
                .op("Transpose", ctx.name(null))
                .input(nhwc, ctx.graph().vectorInt32(0, 3, 1, 2))
                .type("T", DataType.DT_FLOAT)
                .type("Tperm", DataType.DT_INT32)
                .build();
    }

    private static long[] ints(ConversionContext ctx, String name, long[] fallback) {
        long[] v = ctx.attrInts(name);
        return v == null || v.length == 0 ? fallback : v;
    }

    private static float[] constFloats(ConversionContext ctx, int i, String what) {
        if (!ctx.hasInput(i)) {
            return null;
        }
        TensorProto t = ctx.constantInput(i);
        if (t == null) {
            throw ctx.unsupported(what + " (input " + i + ", '" + ctx.node().getInput(i)
                    + "') must be a constant; computed " + what + " are not supported");
        }
        if (t.getDataType() != 1) {
            throw ctx.unsupported(
                    what + " of type " + OnnxTensors.onnxTypeName(t.getDataType()) + " (only float32 is supported)");
        }
        double[] d = OnnxTensors.doubles(t, ctx.modelDir());
        float[] f = new float[d.length];
        for (int k = 0; k < d.length; k++) {
            f[k] = (float) d[k];
        }
        return f;
    }

    private static long[] constDims(ConversionContext ctx, int i) {
        return OnnxTensors.dims(ctx.constantInput(i));
    }

    /** Output size of a strided window over {@code in} (-1 when unknown). */
    private static long windowOut(
            long in, long padBegin, long padEnd, long kernel, long stride, long dilation, boolean ceil) {
        if (in < 0) {
            return -1;
        }
        long span = in + padBegin + padEnd - ((kernel - 1) * dilation + 1);
        return (ceil ? Math.floorDiv(span + stride - 1, stride) : Math.floorDiv(span, stride)) + 1;
    }

    /** Padding of a 2-D window op: TF padding string and explicit pads {top, left, bottom, right}. */
    private record Padding(String mode, long[] pads) {}

    private static Padding padding(ConversionContext ctx) {
        String autoPad = ctx.attr("auto_pad") == null
                ? "NOTSET"
                : ctx.attr("auto_pad").getS().toStringUtf8();
        long[] pads = ints(ctx, "pads", new long[4]);
        if (pads.length != 4) {
            throw ctx.unsupported("pads of length " + pads.length + " (2-D ops need 4)");
        }
        switch (autoPad) {
            case "NOTSET" -> {
                boolean zero = Arrays.stream(pads).allMatch(p -> p == 0);
                if (Arrays.stream(pads).anyMatch(p -> p < 0)) {
                    throw ctx.unsupported("negative pads " + Arrays.toString(pads));
                }
                return new Padding(zero ? "VALID" : "EXPLICIT", pads);
            }
            case "VALID" -> {
                return new Padding("VALID", new long[4]);
            }
            case "SAME_UPPER" -> {
                // TF SAME puts the odd pad at the end, as SAME_UPPER does.
                return new Padding("SAME", null);
            }
            default -> throw ctx.unsupported("auto_pad=" + autoPad + " is not supported");
        }
    }

    // ------------------------------------------------------------------------------------------------- Conv

    /**
     * Conv (2-D) as Conv2D (group 1), DepthwiseConv2dNative (group == input channels) or per-group Conv2D +
     * ConcatV2, on NHWC, with the weights transposed to HWIO at import time, explicit padding for asymmetric pads,
     * strides, dilations and a BiasAdd. The depthwise form never has EXPLICIT padding nor dilations (see there).
     */
    private static void conv(ConversionContext ctx, NodeProto n) {
        Value x = requireFloat(ctx, ctx.input(0));
        float[] w = constFloats(ctx, 1, "weights");
        long[] wd = constDims(ctx, 1);
        if (wd.length != 4) {
            throw ctx.unsupported("only 2-D convolutions are supported (weights of rank " + wd.length + ")");
        }
        require2d(ctx, x, 4);
        long group = ctx.attrInt("group", 1);
        long outC = wd[0];
        long inCg = wd[1];
        int kh = (int) wd[2];
        int kw = (int) wd[3];
        long inC = inCg * group;
        long[] kernel = ints(ctx, "kernel_shape", new long[] {kh, kw});
        if (kernel[0] != kh || kernel[1] != kw) {
            throw ctx.unsupported(
                    "kernel_shape " + Arrays.toString(kernel) + " differs from the weights' " + Arrays.toString(wd));
        }
        long[] strides = ints(ctx, "strides", new long[] {1, 1});
        long[] dil = ints(ctx, "dilations", new long[] {1, 1});
        Padding p = padding(ctx);
        GraphBuilder g = ctx.graph();
        String xt = toNhwc(ctx, x.ref());
        String y;
        if (group == 1) {
            y = conv2d(ctx, xt, hwio(ctx, w, wd, 0, (int) outC), kh, kw, (int) inC, (int) outC, strides, dil, p);
        } else if (inCg == 1 && outC % group == 0 && (!x.rankKnown() || x.shape()[1] < 0 || x.shape()[1] == group)) {
            // Depthwise: W [C*mult, 1, kh, kw] -> filter [kh, kw, C, mult]; TF's output channel c*mult+k is ONNX's.
            int c = (int) group;
            int mult = (int) (outC / group);
            float[] f = new float[kh * kw * c * mult];
            for (int a = 0; a < kh; a++) {
                for (int b = 0; b < kw; b++) {
                    for (int ci = 0; ci < c; ci++) {
                        for (int k = 0; k < mult; k++) {
                            f[((a * kw + b) * c + ci) * mult + k] = w[((ci * mult + k) * kh + a) * kw + b];
                        }
                    }
                }
            }
            // TensorFlow's own CPU depthwise kernel (oneDNN off) refuses dilations: bake them into the filter
            // (zeros between the taps), so that the op runs with dilations 1 whatever the kernels.
            int dkh = (kh - 1) * (int) dil[0] + 1;
            int dkw = (kw - 1) * (int) dil[1] + 1;
            if (dkh != kh || dkw != kw) {
                float[] spread = new float[dkh * dkw * c * mult];
                for (int a = 0; a < kh; a++) {
                    for (int b = 0; b < kw; b++) {
                        System.arraycopy(
                                f,
                                (a * kw + b) * c * mult,
                                spread,
                                (a * (int) dil[0] * dkw + b * (int) dil[1]) * c * mult,
                                c * mult);
                    }
                }
                f = spread;
            }
            String filter = g.constFloat(ctx.name("filter"), f, dkh, dkw, c, mult);
            // TF's depthwise kernels need equal row / column strides: with unequal ones, convolve with stride 1 and
            // keep every stride-th row / column (the same windows; SAME padding would shift them, so refused).
            boolean unequal = strides[0] != strides[1];
            if (unequal && p.mode().equals("SAME")) {
                throw ctx.unsupported("depthwise convolution with unequal strides " + Arrays.toString(strides)
                        + " and auto_pad=SAME_UPPER");
            }
            // Never EXPLICIT padding on a depthwise convolution: with oneDNN on, TF 2.16's remapper fuses it with the
            // BiasAdd (and activation) into _FusedDepthwiseConv2dNative without copying explicit_paddings, and the
            // kernel then aborts the process (CHECK failure in tensor_format.h). At stride 1, centred pads of an odd
            // kernel are exactly SAME whatever the input size; any other pads become a zero Pad before VALID.
            String in = xt;
            Padding dp = p;
            if (p.mode().equals("EXPLICIT")) {
                long[] q = p.pads();
                boolean stride1 = unequal || (strides[0] == 1 && strides[1] == 1);
                boolean centred = dkh % 2 == 1
                        && dkw % 2 == 1
                        && q[0] == (dkh - 1) / 2
                        && q[2] == q[0]
                        && q[1] == (dkw - 1) / 2
                        && q[3] == q[1];
                if (stride1 && centred) {
                    dp = new Padding("SAME", null);
                } else {
                    in = pad(ctx, xt, new long[] {q[0], q[2], q[1], q[3]}, 0f);
                    dp = new Padding("VALID", new long[4]);
                }
            }
            GraphBuilder.Node node = g.op("DepthwiseConv2dNative", ctx.name("depthwise"))
                    .input(in, filter)
                    .type("T", DataType.DT_FLOAT)
                    .ints("strides", 1, unequal ? 1 : strides[0], unequal ? 1 : strides[1], 1)
                    .attr("padding", dp.mode())
                    .attr("data_format", "NHWC")
                    .ints("dilations", 1, 1, 1, 1);
            explicitPaddings(node, dp);
            y = node.build();
            if (unequal) {
                y = g.op("StridedSlice", ctx.name("subsample"))
                        .input(
                                y,
                                g.vectorInt64(0, 0, 0, 0),
                                g.vectorInt64(0, 0, 0, 0),
                                g.vectorInt64(1, strides[0], strides[1], 1))
                        .type("T", DataType.DT_FLOAT)
                        .type("Index", DataType.DT_INT64)
                        .attr("begin_mask", 15L)
                        .attr("end_mask", 15L)
                        .attr("ellipsis_mask", 0L)
                        .attr("new_axis_mask", 0L)
                        .attr("shrink_axis_mask", 0L)
                        .build();
            }
        } else {
            if (outC % group != 0) {
                throw ctx.unsupported("group=" + group + " does not divide the " + outC + " output channels");
            }
            int outCg = (int) (outC / group);
            String parts = g.op("Split", ctx.name("groups"))
                    .input(g.scalarInt32(3), xt)
                    .type("T", DataType.DT_FLOAT)
                    .attr("num_split", group)
                    .build();
            GraphBuilder.Node concat = g.op("ConcatV2", ctx.name("concat"));
            for (int j = 0; j < group; j++) {
                concat.input(conv2d(
                        ctx,
                        parts + ":" + j,
                        hwio(ctx, w, wd, j * outCg, outCg),
                        kh,
                        kw,
                        (int) inCg,
                        outCg,
                        strides,
                        dil,
                        p));
            }
            y = concat.input(g.scalarInt32(3))
                    .attr("N", group)
                    .type("T", DataType.DT_FLOAT)
                    .type("Tidx", DataType.DT_INT32)
                    .build();
        }
        if (ctx.hasInput(2)) {
            float[] bias = constFloats(ctx, 2, "bias");
            y = g.op("BiasAdd", ctx.name("bias"))
                    .input(y, g.constFloat(ctx.name("b"), bias, bias.length))
                    .type("T", DataType.DT_FLOAT)
                    .attr("data_format", "NHWC")
                    .build();
        }
        long[] shape = {-1, outC, -1, -1};
        if (x.rankKnown()) {
            shape[0] = x.shape()[0];
            if (p.pads() != null) {
                shape[2] = windowOut(x.shape()[2], p.pads()[0], p.pads()[2], kh, strides[0], dil[0], false);
                shape[3] = windowOut(x.shape()[3], p.pads()[1], p.pads()[3], kw, strides[1], dil[1], false);
            }
        }
        ctx.output(0, new Value(toNchw(ctx, y), DataType.DT_FLOAT, shape));
    }

    private static void explicitPaddings(GraphBuilder.Node node, Padding p) {
        if (p.mode().equals("EXPLICIT")) {
            long[] q = p.pads();
            node.ints("explicit_paddings", 0, 0, q[0], q[2], q[1], q[3], 0, 0);
        } else {
            node.ints("explicit_paddings");
        }
    }

    /** Weights W[o0 .. o0+count, ci, a, b] as an HWIO constant [kh, kw, ci, count]. */
    private static String hwio(ConversionContext ctx, float[] w, long[] wd, int o0, int count) {
        int ci = (int) wd[1];
        int kh = (int) wd[2];
        int kw = (int) wd[3];
        float[] f = new float[kh * kw * ci * count];
        for (int o = 0; o < count; o++) {
            for (int c = 0; c < ci; c++) {
                for (int a = 0; a < kh; a++) {
                    for (int b = 0; b < kw; b++) {
                        f[((a * kw + b) * ci + c) * count + o] = w[(((o0 + o) * ci + c) * kh + a) * kw + b];
                    }
                }
            }
        }
        return ctx.graph().constFloat(ctx.name("filter"), f, kh, kw, ci, count);
    }

    private static String conv2d(
            ConversionContext ctx,
            String xt,
            String filter,
            int kh,
            int kw,
            int inC,
            int outC,
            long[] strides,
            long[] dil,
            Padding p) {
        GraphBuilder.Node node = ctx.graph()
                .op("Conv2D", ctx.name("conv"))
                .input(xt, filter)
                .type("T", DataType.DT_FLOAT)
                .ints("strides", 1, strides[0], strides[1], 1)
                .attr("use_cudnn_on_gpu", true)
                .attr("padding", p.mode())
                .attr("data_format", "NHWC")
                .ints("dilations", 1, dil[0], dil[1], 1);
        explicitPaddings(node, p);
        return node.build();
    }

    /**
     * ConvTranspose (2-D, group 1) as Conv2DBackpropInput with VALID padding onto the full output
     * ({@code (in - 1) * stride + kernel + output_padding}, computed from the dynamic input shape), then cropped by
     * {@code pads}. Weights W [C, M, kh, kw] become the filter [kh, kw, M, C].
     */
    private static void convTranspose(ConversionContext ctx, NodeProto n) {
        Value x = requireFloat(ctx, ctx.input(0));
        float[] w = constFloats(ctx, 1, "weights");
        long[] wd = constDims(ctx, 1);
        if (wd.length != 4) {
            throw ctx.unsupported("only 2-D transposed convolutions are supported (weights of rank " + wd.length + ")");
        }
        require2d(ctx, x, 4);
        if (ctx.attrInt("group", 1) != 1) {
            throw ctx.unsupported("group=" + ctx.attrInt("group", 1) + " is not supported (only 1)");
        }
        if (ctx.attr("output_shape") != null) {
            throw ctx.unsupported("the output_shape attribute is not supported (use pads)");
        }
        String autoPad = ctx.attr("auto_pad") == null
                ? "NOTSET"
                : ctx.attr("auto_pad").getS().toStringUtf8();
        if (!autoPad.equals("NOTSET") && !autoPad.equals("VALID")) {
            throw ctx.unsupported("auto_pad=" + autoPad + " is not supported");
        }
        long[] dil = ints(ctx, "dilations", new long[] {1, 1});
        if (dil[0] != 1 || dil[1] != 1) {
            throw ctx.unsupported("dilations " + Arrays.toString(dil) + " are not supported (only 1)");
        }
        int inC = (int) wd[0];
        int outC = (int) wd[1];
        int kh = (int) wd[2];
        int kw = (int) wd[3];
        long[] strides = ints(ctx, "strides", new long[] {1, 1});
        long[] pads = autoPad.equals("VALID") ? new long[4] : ints(ctx, "pads", new long[4]);
        long[] outPad = ints(ctx, "output_padding", new long[2]);
        if (Arrays.stream(pads).anyMatch(v -> v < 0)) {
            throw ctx.unsupported("negative pads " + Arrays.toString(pads));
        }
        float[] f = new float[kh * kw * outC * inC];
        for (int c = 0; c < inC; c++) {
            for (int m = 0; m < outC; m++) {
                for (int a = 0; a < kh; a++) {
                    for (int b = 0; b < kw; b++) {
                        f[((a * kw + b) * outC + m) * inC + c] = w[((c * outC + m) * kh + a) * kw + b];
                    }
                }
            }
        }
        GraphBuilder g = ctx.graph();
        String filter = g.constFloat(ctx.name("filter"), f, kh, kw, outC, inC);
        String xt = toNhwc(ctx, x.ref());
        // input_sizes = [N, (H - 1) * sh + kh + oph, (W - 1) * sw + kw + opw, M]
        String shape = g.op("Shape", ctx.name("shape"))
                .input(xt)
                .type("T", DataType.DT_FLOAT)
                .type("out_type", DataType.DT_INT32)
                .build();
        String batch = ctx.stridedSlice32(shape, new long[] {0}, new long[] {1});
        String hw = ctx.stridedSlice32(shape, new long[] {1}, new long[] {3});
        String scaled = ctx.op(
                "Mul",
                "scaled",
                DataType.DT_INT32,
                ctx.op("Sub", "minus_one", DataType.DT_INT32, hw, g.vectorInt32(1, 1)),
                g.vectorInt32((int) strides[0], (int) strides[1]));
        String full = ctx.op("AddV2", "full", DataType.DT_INT32, scaled, g.vectorInt32((int) (kh + outPad[0]), (int)
                (kw + outPad[1])));
        String sizes = g.op("ConcatV2", ctx.name("input_sizes"))
                .input(batch, full, g.vectorInt32(outC), g.scalarInt32(0))
                .attr("N", 3L)
                .type("T", DataType.DT_INT32)
                .type("Tidx", DataType.DT_INT32)
                .build();
        String y = g.op("Conv2DBackpropInput", ctx.name("deconv"))
                .input(sizes, filter, xt)
                .type("T", DataType.DT_FLOAT)
                .ints("strides", 1, strides[0], strides[1], 1)
                .attr("use_cudnn_on_gpu", true)
                .attr("padding", "VALID")
                .ints("explicit_paddings")
                .attr("data_format", "NHWC")
                .ints("dilations", 1, 1, 1, 1)
                .build();
        if (Arrays.stream(pads).anyMatch(v -> v != 0)) {
            // Crop [pads_begin, size - pads_end) on H and W; an end pad of 0 keeps the end (end mask).
            long endMask = 1 | 8 | (pads[2] == 0 ? 2 : 0) | (pads[3] == 0 ? 4 : 0);
            y = g.op("StridedSlice", ctx.name("crop"))
                    .input(
                            y,
                            g.vectorInt64(0, pads[0], pads[1], 0),
                            g.vectorInt64(0, -pads[2], -pads[3], 0),
                            g.vectorInt64(1, 1, 1, 1))
                    .type("T", DataType.DT_FLOAT)
                    .type("Index", DataType.DT_INT64)
                    .attr("begin_mask", 9L)
                    .attr("end_mask", endMask)
                    .attr("ellipsis_mask", 0L)
                    .attr("new_axis_mask", 0L)
                    .attr("shrink_axis_mask", 0L)
                    .build();
        }
        if (ctx.hasInput(2)) {
            float[] bias = constFloats(ctx, 2, "bias");
            y = g.op("BiasAdd", ctx.name("bias"))
                    .input(y, g.constFloat(ctx.name("b"), bias, bias.length))
                    .type("T", DataType.DT_FLOAT)
                    .attr("data_format", "NHWC")
                    .build();
        }
        long[] outShape = {-1, outC, -1, -1};
        if (x.rankKnown()) {
            outShape[0] = x.shape()[0];
            for (int d = 0; d < 2; d++) {
                long in = x.shape()[2 + d];
                outShape[2 + d] = in < 0 ? -1 : (in - 1) * strides[d] + wd[2 + d] + outPad[d] - pads[d] - pads[d + 2];
            }
        }
        ctx.output(0, new Value(toNchw(ctx, y), DataType.DT_FLOAT, outShape));
    }

    // ------------------------------------------------------------------------------------ BatchNormalization

    /**
     * BatchNormalization in inference form, folded at import time into {@code x * a + b} with
     * {@code a = scale / sqrt(var + epsilon)} and {@code b = B - mean * a} (per channel, axis 1).
     */
    private static void batchNorm(ConversionContext ctx, NodeProto n) {
        Value x = requireFloat(ctx, ctx.input(0));
        if (ctx.attrInt("training_mode", 0) != 0) {
            throw ctx.unsupported("training_mode=1 is not supported");
        }
        if (ctx.opset() < 7 && ctx.attrInt("spatial", 1) != 1) {
            throw ctx.unsupported("spatial=0 is not supported");
        }
        for (int i = 1; i < ctx.outputCount(); i++) {
            if (!n.getOutput(i).isEmpty()) {
                throw ctx.unsupported("the training outputs (mean, var, ...) are not supported");
            }
        }
        float[] scale = constFloats(ctx, 1, "scale");
        float[] bias = constFloats(ctx, 2, "B");
        float[] mean = constFloats(ctx, 3, "mean");
        float[] var = constFloats(ctx, 4, "var");
        float eps = ctx.attrFloat("epsilon", 1e-5f);
        int c = scale.length;
        float[] a = new float[c];
        float[] b = new float[c];
        for (int i = 0; i < c; i++) {
            a[i] = (float) (scale[i] / Math.sqrt((double) var[i] + eps));
            b[i] = (float) (bias[i] - (double) mean[i] * a[i]);
        }
        int rank = x.rankKnown() ? x.rank() : 4;
        long[] shape = new long[Math.max(rank - 1, 1)];
        Arrays.fill(shape, 1);
        shape[0] = c;
        GraphBuilder g = ctx.graph();
        String mul = ctx.op("Mul", "scale", DataType.DT_FLOAT, x.ref(), g.constFloat(ctx.name("a"), a, shape));
        String add = ctx.op("AddV2", null, DataType.DT_FLOAT, mul, g.constFloat(ctx.name("b"), b, shape));
        ctx.output(0, new Value(add, DataType.DT_FLOAT, x.shape()));
    }

    // ---------------------------------------------------------------------------------------------- pooling

    private static void globalPool(ConversionContext ctx, String tfOp) {
        Value x = requireFloat(ctx, ctx.input(0));
        if (!x.rankKnown() || x.rank() < 3) {
            throw ctx.unsupported("input of unknown rank or rank below 3");
        }
        int[] axes = new int[x.rank() - 2];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = i + 2;
        }
        String ref = ctx.graph()
                .op(tfOp, ctx.name(null))
                .input(x.ref(), ctx.graph().vectorInt32(axes))
                .type("T", DataType.DT_FLOAT)
                .type("Tidx", DataType.DT_INT32)
                .attr("keep_dims", true)
                .build();
        long[] shape = x.shape().clone();
        for (int a : axes) {
            shape[a] = 1;
        }
        ctx.output(0, new Value(ref, DataType.DT_FLOAT, shape));
    }

    /**
     * MaxPool / AveragePool (2-D) on NHWC with VALID windows over an explicitly padded input. Pads and
     * {@code ceil_mode} (extra {@code stride - 1} cells at the end) are padded with the lowest float for MaxPool;
     * for AveragePool with {@code count_include_pad=1} the zero-padded window is averaged over the full kernel
     * (as ONNX Runtime does, ceil overhang included); with 0 the window sum is divided by the count of input cells,
     * computed by pooling a zero-padded mask of ones. With {@code ceil_mode} a last
     * window that would start in the end padding is dropped, as ONNX Runtime does.
     */
    private static void pool(ConversionContext ctx, boolean max) {
        Value x = requireFloat(ctx, ctx.input(0));
        require2d(ctx, x, 4);
        if (ctx.outputCount() > 1 && !ctx.node().getOutput(1).isEmpty()) {
            throw ctx.unsupported("the Indices output of MaxPool is not supported");
        }
        ctx.rejectAttr("storage_order", 0);
        long[] kernel = ints(ctx, "kernel_shape", null);
        if (kernel == null || kernel.length != 2) {
            throw ctx.unsupported("kernel_shape " + Arrays.toString(kernel) + " (2-D pooling needs 2 values)");
        }
        long[] strides = ints(ctx, "strides", new long[] {1, 1});
        long[] dil = ints(ctx, "dilations", new long[] {1, 1});
        if (dil[0] != 1 || dil[1] != 1) {
            throw ctx.unsupported("dilations " + Arrays.toString(dil) + " are not supported (only 1)");
        }
        boolean ceil = ctx.attrInt("ceil_mode", 0) != 0;
        boolean includePad = ctx.attrInt("count_include_pad", 0) != 0;
        Padding p = padding(ctx);
        GraphBuilder g = ctx.graph();
        String xt = toNhwc(ctx, x.ref());
        String tfOp = max ? "MaxPool" : "AvgPool";
        String y;
        long[] shape = {-1, -1, -1, -1};
        if (x.rankKnown()) {
            shape = x.shape().clone();
            shape[2] = shape[3] = -1;
        }
        if (p.mode().equals("SAME")) {
            if (ceil) {
                throw ctx.unsupported("ceil_mode with auto_pad=SAME_UPPER is not supported");
            }
            if (!max && includePad) {
                throw ctx.unsupported("count_include_pad=1 with auto_pad=SAME_UPPER is not supported");
            }
            // TF SAME: MaxPool ignores the pads, AvgPool divides by the cells inside the input (count_include_pad=0).
            y = window(ctx, tfOp, xt, kernel, strides, "SAME");
        } else {
            long[] q = p.pads();
            long extraH = ceil ? strides[0] - 1 : 0;
            long extraW = ceil ? strides[1] - 1 : 0;
            boolean padded = Arrays.stream(q).anyMatch(v -> v != 0) || extraH != 0 || extraW != 0;
            if (x.rankKnown()) {
                shape[2] = windowOut(x.shape()[2], q[0], q[2], kernel[0], strides[0], 1, ceil);
                shape[3] = windowOut(x.shape()[3], q[1], q[3], kernel[1], strides[1], 1, ceil);
            }
            if (!padded) {
                y = window(ctx, tfOp, xt, kernel, strides, "VALID");
            } else if (max) {
                String pd = pad(ctx, xt, new long[] {q[0], q[2] + extraH, q[1], q[3] + extraW}, -Float.MAX_VALUE);
                y = window(ctx, tfOp, pd, kernel, strides, "VALID");
            } else if (includePad) {
                // count_include_pad: ONNX Runtime divides by the full kernel size, ceil overhang included.
                y = window(
                        ctx,
                        tfOp,
                        pad(ctx, xt, new long[] {q[0], q[2] + extraH, q[1], q[3] + extraW}, 0f),
                        kernel,
                        strides,
                        "VALID");
            } else {
                String sum = window(
                        ctx,
                        tfOp,
                        pad(ctx, xt, new long[] {q[0], q[2] + extraH, q[1], q[3] + extraW}, 0f),
                        kernel,
                        strides,
                        "VALID");
                // Mask [1, H, W, 1] of ones, padded with 0 over the pads and the ceil cells.
                String one = ctx.stridedSlice(
                        xt, DataType.DT_FLOAT, new long[] {0, 0, 0, 0}, new long[] {1, 0, 0, 1}, 0b0110, 0b0110, 0);
                String ones = ctx.op("OnesLike", "ones", DataType.DT_FLOAT, one);
                String mask = pad(ctx, ones, new long[] {q[0], q[2] + extraH, q[1], q[3] + extraW}, 0f);
                String count = window(ctx, tfOp, mask, kernel, strides, "VALID");
                y = ctx.op("RealDiv", "average", DataType.DT_FLOAT, sum, count);
            }
            if (ceil) {
                // ONNX Runtime (as PyTorch) drops a last window that would start in the end padding:
                // out = min(ceil_out, (in + pad_begin - 1) / stride + 1).
                String sh = g.op("Shape", ctx.name("in_shape"))
                        .input(xt)
                        .type("T", DataType.DT_FLOAT)
                        .type("out_type", DataType.DT_INT32)
                        .build();
                String hw = ctx.stridedSlice32(sh, new long[] {1}, new long[] {3});
                String lim = ctx.op(
                        "AddV2",
                        "last_start",
                        DataType.DT_INT32,
                        ctx.op(
                                "FloorDiv",
                                "windows",
                                DataType.DT_INT32,
                                ctx.op(
                                        "AddV2",
                                        "span",
                                        DataType.DT_INT32,
                                        hw,
                                        g.vectorInt32((int) q[0] - 1, (int) q[1] - 1)),
                                g.vectorInt32((int) strides[0], (int) strides[1])),
                        g.vectorInt32(1, 1));
                String end = g.op("ConcatV2", ctx.name("end"))
                        .input(g.vectorInt32(0), lim, g.vectorInt32(0), g.scalarInt32(0))
                        .attr("N", 3L)
                        .type("T", DataType.DT_INT32)
                        .type("Tidx", DataType.DT_INT32)
                        .build();
                y = g.op("StridedSlice", ctx.name("drop_last"))
                        .input(y, g.vectorInt32(0, 0, 0, 0), end, g.vectorInt32(1, 1, 1, 1))
                        .type("T", DataType.DT_FLOAT)
                        .type("Index", DataType.DT_INT32)
                        .attr("begin_mask", 15L)
                        .attr("end_mask", 9L)
                        .attr("ellipsis_mask", 0L)
                        .attr("new_axis_mask", 0L)
                        .attr("shrink_axis_mask", 0L)
                        .build();
                for (int d = 0; d < 2; d++) {
                    if (shape[2 + d] >= 0) {
                        shape[2 + d] =
                                Math.min(shape[2 + d], Math.floorDiv(x.shape()[2 + d] + q[d] - 1, strides[d]) + 1);
                    }
                }
            }
        }
        ctx.output(0, new Value(toNchw(ctx, y), DataType.DT_FLOAT, shape));
    }

    private static String window(
            ConversionContext ctx, String tfOp, String xt, long[] kernel, long[] strides, String padding) {
        return ctx.graph()
                .op(tfOp, ctx.name(tfOp.toLowerCase()))
                .input(xt)
                .type("T", DataType.DT_FLOAT)
                .ints("ksize", 1, kernel[0], kernel[1], 1)
                .ints("strides", 1, strides[0], strides[1], 1)
                .attr("padding", padding)
                .attr("data_format", "NHWC")
                .build();
    }

    /** PadV2 of an NHWC tensor by {top, bottom, left, right} with {@code value}. */
    private static String pad(ConversionContext ctx, String xt, long[] tblr, float value) {
        GraphBuilder g = ctx.graph();
        String paddings =
                g.constInt64(ctx.name("paddings"), new long[] {0, 0, tblr[0], tblr[1], tblr[2], tblr[3], 0, 0}, 4, 2);
        return g.op("PadV2", ctx.name("pad"))
                .input(xt, paddings, g.scalar(DataType.DT_FLOAT, value))
                .type("T", DataType.DT_FLOAT)
                .type("Tpaddings", DataType.DT_INT64)
                .build();
    }

    // ---------------------------------------------------------------------------------------- activations

    private static Value hardSigmoid(ConversionContext ctx, Value x, float alpha, float beta) {
        GraphBuilder g = ctx.graph();
        String ax = ctx.op("Mul", "alpha_x", x.dtype(), x.ref(), g.scalar(x.dtype(), alpha));
        String lin = ctx.op("AddV2", "plus_beta", x.dtype(), ax, g.scalar(x.dtype(), beta));
        String lo = ctx.op("Maximum", "at_least_0", x.dtype(), lin, g.scalar(x.dtype(), 0));
        String ref = ctx.op("Minimum", "hard_sigmoid", x.dtype(), lo, g.scalar(x.dtype(), 1));
        return new Value(ref, x.dtype(), x.shape());
    }

    /** Clip: min / max attributes before opset 11, optional inputs from 11 (either may be computed). */
    private static void clip(ConversionContext ctx, NodeProto n) {
        Value x = ctx.input(0);
        GraphBuilder g = ctx.graph();
        String lo = null;
        String hi = null;
        if (ctx.opset() < 11) {
            if (!MathOps.isFloat(x.dtype())) {
                throw ctx.unsupported("Clip of " + x.dtype() + " before opset 11");
            }
            if (ctx.attr("min") != null) {
                lo = g.scalar(x.dtype(), ctx.attrFloat("min", 0));
            }
            if (ctx.attr("max") != null) {
                hi = g.scalar(x.dtype(), ctx.attrFloat("max", 0));
            }
        } else {
            lo = ctx.hasInput(1) ? ctx.cast(ctx.input(1), x.dtype()).ref() : null;
            hi = ctx.hasInput(2) ? ctx.cast(ctx.input(2), x.dtype()).ref() : null;
        }
        String ref = x.ref();
        if (lo != null) {
            ref = ctx.op("Maximum", "min", x.dtype(), ref, lo);
        }
        if (hi != null) {
            ref = ctx.op("Minimum", "max", x.dtype(), ref, hi);
        }
        if (lo == null && hi == null) {
            ref = ctx.op("Identity", null, x.dtype(), ref);
        }
        ctx.output(0, new Value(ref, x.dtype(), x.shape()));
    }

    // ----------------------------------------------------------------------------------------------- Resize

    /**
     * Resize (opset 11+) of the two spatial axes of an NCHW tensor. {@code linear}: ResizeBilinear on NHWC with
     * {@code half_pixel} -> half_pixel_centers, {@code align_corners} -> align_corners, {@code asymmetric} ->
     * neither (TF's in/out ratio equals ONNX's 1/scale: constant scales must be integers; sizes are exact).
     * {@code nearest}: the source index of every output row / column is computed in float32 as ONNX Runtime does
     * (coordinate transformation, then {@code nearest_mode}, clamped) and gathered, for every coordinate mode.
     */
    private static void resize(ConversionContext ctx, NodeProto n) {
        if (ctx.opset() < 11) {
            throw ctx.unsupported("Resize before opset 11 is not supported");
        }
        Value x = requireFloat(ctx, ctx.input(0));
        require2d(ctx, x, 4);
        String mode = str(ctx, "mode", "nearest");
        String coord = str(ctx, "coordinate_transformation_mode", "half_pixel");
        String nearestMode = str(ctx, "nearest_mode", "round_prefer_floor");
        ctx.rejectAttr("antialias", 0);
        ctx.rejectAttr("exclude_outside", 0);
        if (ctx.attr("axes") != null) {
            throw ctx.unsupported("the axes attribute is not supported");
        }
        if (!str(ctx, "keep_aspect_ratio_policy", "stretch").equals("stretch")) {
            throw ctx.unsupported("keep_aspect_ratio_policy other than stretch is not supported");
        }
        if (!mode.equals("nearest") && !mode.equals("linear")) {
            throw ctx.unsupported("mode=" + mode + " is not supported (nearest, linear)");
        }
        if (!coord.equals("asymmetric")
                && !coord.equals("half_pixel")
                && !coord.equals("align_corners")
                && !(coord.equals("pytorch_half_pixel") && mode.equals("nearest"))) {
            throw ctx.unsupported("coordinate_transformation_mode=" + coord + " is not supported with mode=" + mode);
        }
        GraphBuilder g = ctx.graph();
        double[] scales = ctx.hasInput(2) ? ctx.constDoubles(2) : null;
        if (ctx.hasInput(2) && scales == null) {
            throw ctx.unsupported("computed scales are not supported");
        }
        boolean bySizes = scales == null || scales.length == 0;
        if (!bySizes && scales.length != 4) {
            throw ctx.unsupported("scales of length " + scales.length);
        }
        if (!bySizes && (scales[0] != 1 || scales[1] != 1)) {
            throw ctx.unsupported("resizing the batch or channel axis (scales " + Arrays.toString(scales) + ")");
        }
        if (bySizes && !ctx.hasInput(3)) {
            throw ctx.unsupported("neither scales nor sizes given");
        }
        // Output sizes (int32 [2]) and, per axis, the scale ONNX Runtime uses (float32 scalars).
        String inShape = g.op("Shape", ctx.name("in_shape"))
                .input(x.ref())
                .type("T", DataType.DT_FLOAT)
                .type("out_type", DataType.DT_INT32)
                .build();
        String inHw = ctx.stridedSlice32(inShape, new long[] {2}, new long[] {4});
        String inHwF = ctx.cast(new Value(inHw, DataType.DT_INT32, new long[] {2}), DataType.DT_FLOAT)
                .ref();
        String outHw;
        String scaleHw;
        long[] outShape = x.rankKnown() ? x.shape().clone() : new long[] {-1, -1, -1, -1};
        if (bySizes) {
            Value sizes = ctx.cast(ctx.input(3), DataType.DT_INT32);
            long[] cs = ctx.constLongs(3);
            if (cs != null && cs.length != 4) {
                throw ctx.unsupported("sizes of length " + cs.length);
            }
            outHw = ctx.stridedSlice32(sizes.ref(), new long[] {2}, new long[] {4});
            if (cs != null) {
                outShape[2] = cs[2];
                outShape[3] = cs[3];
            } else {
                outShape[2] = outShape[3] = -1;
            }
            String outHwF = ctx.cast(new Value(outHw, DataType.DT_INT32, new long[] {2}), DataType.DT_FLOAT)
                    .ref();
            scaleHw = ctx.op("RealDiv", "scales", DataType.DT_FLOAT, outHwF, inHwF);
        } else {
            if (mode.equals("linear")) {
                for (int d = 2; d < 4; d++) {
                    if (scales[d] != Math.rint(scales[d]) || scales[d] < 1) {
                        throw ctx.unsupported("linear resize by the non-integer scale " + scales[d]
                                + " (TensorFlow's in/out ratio would differ from 1/scale); give sizes instead");
                    }
                }
            }
            scaleHw = g.constFloat(ctx.name("scales"), new float[] {(float) scales[2], (float) scales[3]}, 2);
            String outF = ctx.op(
                    "Floor",
                    "out_floor",
                    DataType.DT_FLOAT,
                    ctx.op("Mul", "out_size", DataType.DT_FLOAT, inHwF, scaleHw));
            outHw = ctx.cast(new Value(outF, DataType.DT_FLOAT, new long[] {2}), DataType.DT_INT32)
                    .ref();
            for (int d = 2; d < 4; d++) {
                outShape[d] = outShape[d] < 0 ? -1 : (long) Math.floor(outShape[d] * scales[d]);
            }
        }
        String y;
        if (mode.equals("linear")) {
            String xt = toNhwc(ctx, x.ref());
            String r = g.op("ResizeBilinear", ctx.name("bilinear"))
                    .input(xt, outHw)
                    .type("T", DataType.DT_FLOAT)
                    .attr("align_corners", coord.equals("align_corners"))
                    .attr("half_pixel_centers", coord.equals("half_pixel"))
                    .build();
            y = toNchw(ctx, r);
        } else {
            y = x.ref();
            for (int d = 0; d < 2; d++) {
                String in = ctx.element32(inHw, d);
                String out = ctx.element32(outHw, d);
                String scale = ctx.element(scaleHw, DataType.DT_FLOAT, d);
                String idx = nearestIndices(ctx, coord, nearestMode, in, out, scale);
                y = g.op("GatherV2", ctx.name("gather"))
                        .input(y, idx, g.scalarInt32(2 + d))
                        .type("Tparams", DataType.DT_FLOAT)
                        .type("Tindices", DataType.DT_INT32)
                        .type("Taxis", DataType.DT_INT32)
                        .attr("batch_dims", 0L)
                        .build();
            }
        }
        ctx.output(0, new Value(y, DataType.DT_FLOAT, outShape));
    }

    private static String str(ConversionContext ctx, String name, String fallback) {
        return ctx.attr(name) == null ? fallback : ctx.attr(name).getS().toStringUtf8();
    }

    /** Source indices (int32 [out]) of nearest resizing along one axis of size {@code in} to {@code out}. */
    private static String nearestIndices(
            ConversionContext ctx, String coord, String nearestMode, String in, String out, String scale) {
        GraphBuilder g = ctx.graph();
        DataType f = DataType.DT_FLOAT;
        String i = ctx.cast(
                        new Value(
                                g.op("Range", ctx.name("range"))
                                        .input(g.scalarInt32(0), out, g.scalarInt32(1))
                                        .type("Tidx", DataType.DT_INT32)
                                        .build(),
                                DataType.DT_INT32,
                                new long[] {-1}),
                        f)
                .ref();
        String inF = ctx.cast(new Value(in, DataType.DT_INT32, new long[0]), f).ref();
        String outF =
                ctx.cast(new Value(out, DataType.DT_INT32, new long[0]), f).ref();
        String half = g.scalar(f, 0.5);
        String one = g.scalar(f, 1);
        String c;
        switch (coord) {
            case "asymmetric" -> c = ctx.op("RealDiv", "coord", f, i, scale);
            case "half_pixel", "pytorch_half_pixel" -> {
                c = ctx.op(
                        "Sub",
                        "coord",
                        f,
                        ctx.op("RealDiv", "centre", f, ctx.op("AddV2", "i_half", f, i, half), scale),
                        half);
                if (coord.equals("pytorch_half_pixel")) {
                    String big = g.op("Greater", ctx.name("out_gt_1"))
                            .input(outF, one)
                            .type("T", f)
                            .build();
                    c = ctx.op("SelectV2", "coord", f, big, c, ctx.op("ZerosLike", "zeros", f, c));
                }
            }
            case "align_corners" -> {
                // i * (in - 1) / (out - 1), 0 when out == 1
                String num = ctx.op("Mul", "num", f, i, ctx.op("Sub", "in_1", f, inF, one));
                String den = ctx.op("Sub", "out_1", f, outF, one);
                c = ctx.op("DivNoNan", "coord", f, num, den);
            }
            default -> throw ctx.unsupported("coordinate_transformation_mode=" + coord);
        }
        String r;
        switch (nearestMode) {
            case "floor" -> r = ctx.op("Floor", "floor", f, c);
            case "ceil" -> r = ctx.op("Ceil", "ceil", f, c);
            // round half up: floor(c + 0.5); round half down: ceil(c - 0.5)
            case "round_prefer_ceil" -> r = ctx.op("Floor", "round", f, ctx.op("AddV2", "plus_half", f, c, half));
            case "round_prefer_floor" -> r = ctx.op("Ceil", "round", f, ctx.op("Sub", "minus_half", f, c, half));
            default -> throw ctx.unsupported("nearest_mode=" + nearestMode);
        }
        String last = ctx.op("Sub", "last", f, inF, one);
        String clamped = ctx.op("Minimum", "clamp_hi", f, ctx.op("Maximum", "clamp_lo", f, r, g.scalar(f, 0)), last);
        return ctx.cast(new Value(clamped, f, new long[] {-1}), DataType.DT_INT32)
                .ref();
    }
}

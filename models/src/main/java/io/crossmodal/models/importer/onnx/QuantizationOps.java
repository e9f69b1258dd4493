package io.crossmodal.models.importer.onnx;

import io.crossmodal.models.importer.onnx.proto.OnnxProto.NodeProto;
import io.crossmodal.models.importer.onnx.proto.OnnxProto.TensorProto;
import io.crossmodal.models.importer.tf.GraphBuilder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import org.tensorflow.proto.DataType;

/**
 * The int8 ops of dynamically quantised models (ONNX Runtime's {@code quantize_dynamic}): DynamicQuantizeLinear,
 * MatMulInteger, DequantizeLinear, QuantizeLinear.
 *
 * <p>MatMulInteger runs as a float32 matmul of the zero-point-corrected operands (the int8 weights are corrected
 * and widened to float at import time), then cast to int32: exact while partial sums stay below 2^24, which holds
 * for the typical values of these models; beyond that float32 rounding (relative 6e-8) replaces ONNX's exact int32
 * accumulation. TensorFlow's integer matmuls do not use oneDNN and are far slower.
 */
final class QuantizationOps {

    private QuantizationOps() {}

    static void register(Map<String, OpConverter> m) {
        m.put("DynamicQuantizeLinear", QuantizationOps::dynamicQuantizeLinear);
        m.put("MatMulInteger", QuantizationOps::matMulInteger);
        m.put("DequantizeLinear", QuantizationOps::dequantizeLinear);
        m.put("QuantizeLinear", QuantizationOps::quantizeLinear);
    }

    /**
     * y_scale = (max(0, max x) - min(0, min x)) / 255; y_zero_point = saturate(round(-min(0, min x) / y_scale));
     * y = saturate(round(x / y_scale) + y_zero_point), uint8; rounding half to even (TF Round).
     */
    private static void dynamicQuantizeLinear(ConversionContext ctx, NodeProto n) {
        Value x = ctx.input(0);
        if (x.dtype() != DataType.DT_FLOAT) {
            throw ctx.unsupported("input of type " + x.dtype());
        }
        GraphBuilder g = ctx.graph();
        DataType f = DataType.DT_FLOAT;
        String flat = g.op("Reshape", ctx.name("flat"))
                .input(x.ref(), g.vectorInt64(-1))
                .type("T", f)
                .type("Tshape", DataType.DT_INT64)
                .build();
        String zero = g.scalar(f, 0);
        String min = g.op("Min", ctx.name("min"))
                .input(flat, g.scalarInt32(0))
                .type("T", f)
                .type("Tidx", DataType.DT_INT32)
                .attr("keep_dims", false)
                .build();
        String max = g.op("Max", ctx.name("max"))
                .input(flat, g.scalarInt32(0))
                .type("T", f)
                .type("Tidx", DataType.DT_INT32)
                .attr("keep_dims", false)
                .build();
        String min0 = ctx.op("Minimum", "min0", f, min, zero);
        String max0 = ctx.op("Maximum", "max0", f, max, zero);
        String scale = ctx.op("RealDiv", "scale", f, ctx.op("Sub", "range", f, max0, min0), g.scalar(f, 255));
        // All-zero input: scale 0; divide by 1 instead so that y and the zero point are 0, not NaN.
        String isZero = g.op("Equal", ctx.name("scale_is_zero"))
                .input(scale, zero)
                .type("T", f)
                .attr("incompatible_shape_error", true)
                .build();
        String safeScale = ctx.op("SelectV2", "safe_scale", f, isZero, g.scalar(f, 1), scale);
        String zpF = clip(
                ctx,
                ctx.op(
                        "Round",
                        "zp_round",
                        f,
                        ctx.op("RealDiv", "zp_div", f, ctx.op("Neg", "neg_min", f, min0), safeScale)),
                0,
                255);
        String yF = clip(
                ctx,
                ctx.op(
                        "AddV2",
                        "y_shift",
                        f,
                        ctx.op("Round", "y_round", f, ctx.op("RealDiv", "y_div", f, x.ref(), safeScale)),
                        zpF),
                0,
                255);
        ctx.output(0, ctx.cast(new Value(yF, f, x.shape()), DataType.DT_UINT8));
        ctx.output(1, new Value(ctx.op("Identity", "scale_out", f, scale), f, new long[0]));
        ctx.output(2, ctx.cast(new Value(zpF, f, new long[0]), DataType.DT_UINT8));
    }

    private static String clip(ConversionContext ctx, String x, double lo, double hi) {
        GraphBuilder g = ctx.graph();
        return ctx.op(
                "ClipByValue",
                "clip",
                DataType.DT_FLOAT,
                x,
                g.scalar(DataType.DT_FLOAT, lo),
                g.scalar(DataType.DT_FLOAT, hi));
    }

    /** (A - a_zero_point) x (B - b_zero_point) in int32 (see the class comment for how). */
    private static void matMulInteger(ConversionContext ctx, NodeProto n) {
        Value a = ctx.input(0);
        Value b = ctx.input(1);
        DataType f = DataType.DT_FLOAT;
        Value af = ctx.cast(a, f);
        if (ctx.hasInput(2)) {
            Value azp = ctx.input(2);
            String zp = ctx.cast(azp, f).ref();
            if (azp.rank() == 1 && (azp.shape()[0] != 1)) {
                // Per-row zero point of A ([M]): broadcast along the rows.
                zp = ctx.graph()
                        .op("ExpandDims", ctx.name("a_zp_rows"))
                        .input(zp, ctx.graph().scalarInt32(-1))
                        .type("T", f)
                        .type("Tdim", DataType.DT_INT32)
                        .build();
            } else if (azp.rank() > 1) {
                throw ctx.unsupported("a_zero_point of rank " + azp.rank());
            }
            af = new Value(ctx.op("Sub", "a_centered", f, af.ref(), zp), f, af.shape());
        }
        Value bf = foldedWeights(ctx);
        if (bf == null) {
            bf = ctx.cast(b, f);
            if (ctx.hasInput(3)) {
                Value bzp = ctx.cast(ctx.input(3), f);
                bf = new Value(ctx.op("Sub", "b_centered", f, bf.ref(), bzp.ref()), f, bf.shape());
            }
        }
        Value product = MathOps.matMul(ctx, af, bf);
        ctx.output(0, ctx.cast(product, DataType.DT_INT32));
    }

    /** B - b_zero_point as a float constant when B (2-D) and its zero point are constants; else null. */
    private static Value foldedWeights(ConversionContext ctx) {
        TensorProto b = ctx.constantInput(1);
        if (b == null || b.getDimsCount() != 2) {
            return null;
        }
        long[] zp = ctx.hasInput(3) ? ctx.constLongs(3) : new long[] {0};
        if (zp == null) {
            return null;
        }
        long[] dims = OnnxTensors.dims(b);
        int rows = (int) dims[0];
        int cols = (int) dims[1];
        if (zp.length != 1 && zp.length != cols) {
            return null;
        }
        long[] w = OnnxTensors.longs(b, ctx.modelDir());
        ByteBuffer out = ByteBuffer.allocate(rows * cols * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out.putFloat(w[r * cols + c] - zp[zp.length == 1 ? 0 : c]);
            }
        }
        String ref = ctx.graph().constant(ctx.name("b_centered"), DataType.DT_FLOAT, out.array(), rows, cols);
        return new Value(ref, DataType.DT_FLOAT, dims);
    }

    /** Scale (and zero point) 1-D with {@code axis}: reshaped to broadcast along that axis of x. */
    private static String perAxis(ConversionContext ctx, Value x, Value v) {
        if (v.rank() <= 0 || (v.rank() == 1 && v.shape()[0] == 1)) {
            return v.ref();
        }
        if (v.rank() != 1 || !x.rankKnown()) {
            throw ctx.unsupported("per-axis scale on a tensor of unknown rank or a blocked scale");
        }
        long axis = ctx.axis(ctx.attrInt("axis", 1), x.rank());
        long[] shape = TensorOps.filled(x.rank(), 1);
        shape[(int) axis] = -1;
        return ctx.graph()
                .op("Reshape", ctx.name("per_axis"))
                .input(v.ref(), ctx.graph().vectorInt64(shape))
                .type("T", v.dtype())
                .type("Tshape", DataType.DT_INT64)
                .build();
    }

    /** y = (x - x_zero_point) * x_scale, float. */
    private static void dequantizeLinear(ConversionContext ctx, NodeProto n) {
        Value x = ctx.input(0);
        Value scale = ctx.input(1);
        if (scale.dtype() != DataType.DT_FLOAT) {
            throw ctx.unsupported("scale of type " + scale.dtype());
        }
        DataType f = DataType.DT_FLOAT;
        String centered = ctx.cast(x, f).ref();
        if (ctx.hasInput(2)) {
            Value zp = ctx.input(2);
            centered = ctx.op("Sub", "centered", f, centered, perAxis(ctx, x, ctx.cast(zp, f)));
        }
        String ref = ctx.op("Mul", null, f, centered, perAxis(ctx, x, scale));
        ctx.output(0, new Value(ref, f, x.shape()));
    }

    /** y = saturate(round(x / y_scale) + y_zero_point), of the zero point's type (uint8 by default). */
    private static void quantizeLinear(ConversionContext ctx, NodeProto n) {
        Value x = ctx.input(0);
        Value scale = ctx.input(1);
        DataType f = DataType.DT_FLOAT;
        if (x.dtype() != f || scale.dtype() != f) {
            throw ctx.unsupported("input or scale not float32");
        }
        DataType out = ctx.hasInput(2) ? ctx.input(2).dtype() : DataType.DT_UINT8;
        double lo;
        double hi;
        switch (out) {
            case DT_UINT8 -> {
                lo = 0;
                hi = 255;
            }
            case DT_INT8 -> {
                lo = -128;
                hi = 127;
            }
            default -> throw ctx.unsupported("output type " + out);
        }
        String y = ctx.op("Round", "round", f, ctx.op("RealDiv", "div", f, x.ref(), perAxis(ctx, x, scale)));
        if (ctx.hasInput(2)) {
            y = ctx.op("AddV2", "shift", f, y, perAxis(ctx, x, ctx.cast(ctx.input(2), f)));
        }
        ctx.output(0, ctx.cast(new Value(clip(ctx, y, lo, hi), f, x.shape()), out));
    }
}

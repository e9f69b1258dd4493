package io.crossmodal.models.importer.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * Decodes the weights of a TF.js weights manifest into {@link TensorProto}s, as TF.js' own {@code decodeWeights}
 * does: entries lie back to back in the concatenated shards of their group; quantised entries
 * ({@code quantization.dtype} {@code uint8} / {@code uint16} with {@code scale} and {@code min}, or
 * {@code float16}) are dequantised to their declared {@code dtype}.
 *
 * <p>Numeric tensors are written as {@code tensor_content} (little-endian, as TensorFlow expects); strings as
 * {@code string_val}.
 */
final class WeightDecoder {

    private WeightDecoder() {}

    /** One manifest entry, decoded. */
    record Weight(String name, TensorProto tensor) {}

    /**
     * Decodes the entries of one manifest group from {@code data} (its shards concatenated).
     *
     * @param specs the group's {@code weights} array
     * @param source names the group in messages
     */
    static List<Weight> decodeGroup(JsonNode specs, ByteBuffer data, String source) throws TfjsImportException {
        List<Weight> weights = new ArrayList<>();
        ByteBuffer in = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        for (JsonNode spec : specs) {
            String name = text(spec, "name", source);
            String dtype = text(spec, "dtype", source + " weight " + name);
            long[] shape = shape(spec.get("shape"), name);
            long count = 1;
            for (long d : shape) {
                count = Math.multiplyExact(count, d);
            }
            if (count > Integer.MAX_VALUE / 8) {
                throw new TfjsImportException("weight " + name + " has " + count + " elements: too large");
            }
            TensorProto.Builder tensor = TensorProto.newBuilder().setDtype(dataType(dtype, name));
            tensor.setTensorShape(shapeProto(shape));
            JsonNode quantization = spec.get("quantization");
            try {
                if ("string".equals(dtype)) {
                    if (quantization != null && !quantization.isNull()) {
                        throw new TfjsImportException("weight " + name + ": string weights cannot be quantised");
                    }
                    for (long i = 0; i < count; i++) {
                        int length = in.getInt();
                        byte[] bytes = new byte[length];
                        in.get(bytes);
                        tensor.addStringVal(ByteString.copyFrom(bytes));
                    }
                } else if (quantization == null || quantization.isNull()) {
                    int size = Math.toIntExact(count * byteSize(dtype, name));
                    byte[] bytes = new byte[size];
                    in.get(bytes);
                    tensor.setTensorContent(ByteString.copyFrom(bytes));
                } else {
                    tensor.setTensorContent(dequantise(in, (int) count, dtype, quantization, name));
                }
            } catch (java.nio.BufferUnderflowException e) {
                throw new TfjsImportException(
                        "weight " + name + " (" + dtype + " " + java.util.Arrays.toString(shape)
                                + ") lies beyond the end of the shard data of " + source + " (" + data.remaining()
                                + " bytes): the shards do not match the manifest",
                        e);
            }
            weights.add(new Weight(name, tensor.build()));
        }
        if (in.hasRemaining()) {
            throw new TfjsImportException(source + ": " + in.remaining()
                    + " bytes of shard data are left after the last " + "weight: the shards do not match the manifest");
        }
        return weights;
    }

    private static ByteString dequantise(ByteBuffer in, int count, String dtype, JsonNode quantization, String name)
            throws TfjsImportException {
        String stored = text(quantization, "dtype", "quantization of weight " + name);
        ByteBuffer out = ByteBuffer.allocate(count * 4).order(ByteOrder.LITTLE_ENDIAN);
        switch (stored) {
            case "float16" -> {
                if (!"float32".equals(dtype)) {
                    throw new TfjsImportException("weight " + name + ": float16 quantisation of a " + dtype
                            + " weight (TF.js only quantises float32 weights to float16)");
                }
                for (int i = 0; i < count; i++) {
                    out.putFloat(halfToFloat(in.getShort() & 0xffff));
                }
            }
            case "uint8", "uint16" -> {
                if (!quantization.hasNonNull("scale") || !quantization.hasNonNull("min")) {
                    throw new TfjsImportException(
                            "weight " + name + ": " + stored + " quantisation without scale " + "and min");
                }
                double scale = quantization.get("scale").asDouble();
                double min = quantization.get("min").asDouble();
                boolean wide = stored.equals("uint16");
                for (int i = 0; i < count; i++) {
                    int q = wide ? in.getShort() & 0xffff : in.get() & 0xff;
                    double value = q * scale + min; // as TF.js: computed in double, stored in the typed array
                    switch (dtype) {
                        case "float32" -> out.putFloat((float) value);
                        case "int32" -> out.putInt((int) Math.floor(value + 0.5)); // JS Math.round
                        default ->
                            throw new TfjsImportException("weight " + name + ": " + stored + " quantisation of a "
                                    + dtype + " weight is not supported");
                    }
                }
            }
            default -> throw new TfjsImportException("weight " + name + ": unknown quantisation dtype " + stored);
        }
        return ByteString.copyFrom(out.array());
    }

    /** IEEE 754 binary16 to binary32, exact (every half value is a float value). */
    static float halfToFloat(int half) {
        int sign = (half >>> 15) & 1;
        int exponent = (half >>> 10) & 0x1f;
        int mantissa = half & 0x3ff;
        float magnitude;
        if (exponent == 0) {
            magnitude = Math.scalb((float) mantissa, -24); // zero or subnormal: mantissa * 2^-24
        } else if (exponent == 0x1f) {
            return Float.intBitsToFloat((sign << 31) | 0x7f800000 | (mantissa << 13)); // inf / NaN
        } else {
            return Float.intBitsToFloat((sign << 31) | ((exponent - 15 + 127) << 23) | (mantissa << 13));
        }
        return sign == 0 ? magnitude : -magnitude;
    }

    static DataType dataType(String tfjsDtype, String name) throws TfjsImportException {
        return switch (tfjsDtype) {
            case "float32" -> DataType.DT_FLOAT;
            case "int32" -> DataType.DT_INT32;
            case "bool" -> DataType.DT_BOOL;
            case "string" -> DataType.DT_STRING;
            case "complex64" -> DataType.DT_COMPLEX64;
            default -> throw new TfjsImportException("weight " + name + " has the unsupported dtype " + tfjsDtype);
        };
    }

    private static int byteSize(String tfjsDtype, String name) throws TfjsImportException {
        return switch (tfjsDtype) {
            case "float32", "int32" -> 4;
            case "bool" -> 1;
            case "complex64" -> 8;
            default -> throw new TfjsImportException("weight " + name + " has the unsupported dtype " + tfjsDtype);
        };
    }

    static TensorShapeProto shapeProto(long[] shape) {
        TensorShapeProto.Builder builder = TensorShapeProto.newBuilder();
        for (long d : shape) {
            builder.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
        }
        return builder.build();
    }

    private static long[] shape(JsonNode node, String name) throws TfjsImportException {
        if (node == null || !node.isArray()) {
            throw new TfjsImportException("weight " + name + " has no shape array");
        }
        long[] shape = new long[node.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = node.get(i).asLong(-1);
            if (shape[i] < 0) {
                throw new TfjsImportException("weight " + name + " has the invalid shape " + node);
            }
        }
        return shape;
    }

    static String text(JsonNode node, String field, String where) throws TfjsImportException {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || !value.isTextual()) {
            throw new TfjsImportException(where + ": \"" + field + "\" is missing or not a string");
        }
        return value.asText();
    }
}

package io.crossmodal.models.importer.onnx;

import io.crossmodal.models.importer.onnx.proto.OnnxProto.StringStringEntryProto;
import io.crossmodal.models.importer.onnx.proto.OnnxProto.TensorProto;
import io.crossmodal.models.importer.tf.GraphBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.tensorflow.proto.DataType;

/** ONNX element types and tensors: the TensorFlow type of each, and tensor data as TensorFlow's raw bytes. */
public final class OnnxTensors {

    private OnnxTensors() {}

    /** TensorFlow type of an ONNX {@code TensorProto.DataType} number; {@code null} when there is none. */
    public static DataType tfType(int onnxType) {
        return switch (onnxType) {
            case 1 -> DataType.DT_FLOAT;
            case 2 -> DataType.DT_UINT8;
            case 3 -> DataType.DT_INT8;
            case 4 -> DataType.DT_UINT16;
            case 5 -> DataType.DT_INT16;
            case 6 -> DataType.DT_INT32;
            case 7 -> DataType.DT_INT64;
            case 9 -> DataType.DT_BOOL;
            case 10 -> DataType.DT_HALF;
            case 11 -> DataType.DT_DOUBLE;
            case 12 -> DataType.DT_UINT32;
            case 13 -> DataType.DT_UINT64;
            case 16 -> DataType.DT_BFLOAT16;
            default -> null;
        };
    }

    /** Name of an ONNX element type, for messages. */
    public static String onnxTypeName(int onnxType) {
        TensorProto.DataType t = TensorProto.DataType.forNumber(onnxType);
        return t == null ? "type " + onnxType : t.name();
    }

    public static DataType requireTfType(int onnxType, String what) {
        DataType t = tfType(onnxType);
        if (t == null) {
            throw new IllegalArgumentException(what + " has ONNX element type " + onnxTypeName(onnxType)
                    + ", which has no TensorFlow equivalent here");
        }
        return t;
    }

    public static long[] dims(TensorProto t) {
        long[] d = new long[t.getDimsCount()];
        for (int i = 0; i < d.length; i++) {
            d[i] = t.getDims(i);
        }
        return d;
    }

    public static long elementCount(long[] dims) {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        return n;
    }

    /**
     * The tensor's elements as little-endian row-major bytes, which is both ONNX's {@code raw_data} layout and
     * TensorFlow's {@code tensor_content}. {@code modelDir} resolves external data (may be null).
     */
    public static byte[] rawBytes(TensorProto t, Path modelDir) {
        DataType type = requireTfType(t.getDataType(), "Tensor '" + t.getName() + "'");
        int size = GraphBuilder.byteSize(type);
        long n = elementCount(dims(t));
        if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
            return external(t, modelDir, n * size);
        }
        if (!t.getRawData().isEmpty()) {
            byte[] raw = t.getRawData().toByteArray();
            if (raw.length != n * size) {
                throw new IllegalArgumentException(
                        "Tensor '" + t.getName() + "' has " + raw.length + " raw bytes, expected " + (n * size));
            }
            return raw;
        }
        ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(n * size)).order(ByteOrder.LITTLE_ENDIAN);
        switch (t.getDataType()) {
            case 1 -> t.getFloatDataList().forEach(b::putFloat);
            case 11 -> t.getDoubleDataList().forEach(b::putDouble);
            case 7 -> t.getInt64DataList().forEach(b::putLong);
            case 13, 12 ->
                t.getUint64DataList().forEach(v -> {
                    if (size == 8) {
                        b.putLong(v);
                    } else {
                        b.putInt((int) (long) v);
                    }
                });
            case 6 -> t.getInt32DataList().forEach(b::putInt);
            case 5, 4, 10, 16 -> t.getInt32DataList().forEach(v -> b.putShort((short) (int) v));
            case 3, 2, 9 -> t.getInt32DataList().forEach(v -> b.put((byte) (int) v));
            default ->
                throw new IllegalArgumentException(
                        "Tensor '" + t.getName() + "' of " + onnxTypeName(t.getDataType()) + " cannot be read");
        }
        if (b.position() != b.capacity()) {
            throw new IllegalArgumentException(
                    "Tensor '" + t.getName() + "' holds " + b.position() / size + " values, its shape needs " + n);
        }
        return b.array();
    }

    private static byte[] external(TensorProto t, Path modelDir, long expected) {
        String location = null;
        long offset = 0;
        long length = -1;
        for (StringStringEntryProto e : t.getExternalDataList()) {
            switch (e.getKey()) {
                case "location" -> location = e.getValue();
                case "offset" -> offset = Long.parseLong(e.getValue());
                case "length" -> length = Long.parseLong(e.getValue());
                default -> {}
            }
        }
        if (location == null || modelDir == null) {
            throw new IllegalArgumentException("Tensor '" + t.getName() + "' has external data without location");
        }
        Path file = modelDir.resolve(location).normalize();
        if (!file.startsWith(modelDir.normalize())) {
            throw new IllegalArgumentException("External data of '" + t.getName() + "' is outside the model folder");
        }
        long len = length >= 0 ? length : expected;
        if (len != expected) {
            throw new IllegalArgumentException(
                    "External data of '" + t.getName() + "' has " + len + " bytes, expected " + expected);
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(len));
            while (b.hasRemaining()) {
                if (ch.read(b, offset + b.position()) < 0) {
                    throw new IOException("unexpected end of " + file);
                }
            }
            return b.array();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read external data of '" + t.getName() + "' from " + file, e);
        }
    }

    /** Integer-valued tensor elements as longs (int8..int64, uint8..uint32, bool). */
    public static long[] longs(TensorProto t, Path modelDir) {
        DataType type = requireTfType(t.getDataType(), "Tensor '" + t.getName() + "'");
        ByteBuffer b = ByteBuffer.wrap(rawBytes(t, modelDir)).order(ByteOrder.LITTLE_ENDIAN);
        int n = Math.toIntExact(elementCount(dims(t)));
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = switch (type) {
                case DT_INT64, DT_UINT64 -> b.getLong();
                case DT_INT32 -> b.getInt();
                case DT_UINT32 -> b.getInt() & 0xffffffffL;
                case DT_INT16 -> b.getShort();
                case DT_UINT16 -> b.getShort() & 0xffff;
                case DT_INT8 -> b.get();
                case DT_UINT8, DT_BOOL -> b.get() & 0xff;
                case DT_FLOAT -> (long) b.getFloat();
                case DT_DOUBLE -> (long) b.getDouble();
                default ->
                    throw new IllegalArgumentException(
                            "Tensor '" + t.getName() + "' of " + type + " is not an integer tensor");
            };
        }
        return out;
    }

    /** Numeric tensor elements as doubles. */
    public static double[] doubles(TensorProto t, Path modelDir) {
        DataType type = requireTfType(t.getDataType(), "Tensor '" + t.getName() + "'");
        if (type == DataType.DT_FLOAT || type == DataType.DT_DOUBLE) {
            ByteBuffer b = ByteBuffer.wrap(rawBytes(t, modelDir)).order(ByteOrder.LITTLE_ENDIAN);
            int n = Math.toIntExact(elementCount(dims(t)));
            double[] out = new double[n];
            for (int i = 0; i < n; i++) {
                out[i] = type == DataType.DT_FLOAT ? b.getFloat() : b.getDouble();
            }
            return out;
        }
        long[] l = longs(t, modelDir);
        double[] out = new double[l.length];
        for (int i = 0; i < l.length; i++) {
            out[i] = l[i];
        }
        return out;
    }
}

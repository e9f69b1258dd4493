package io.crossmodal.models.importer.onnx;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Op converters of the default ONNX domain keyed by op type. Opset-dependent semantics (attribute vs input axes,
 * Softmax's axis rule, ...) are handled inside each converter from {@link ConversionContext#opset()}.
 */
public final class OpRegistry {

    /** Highest default-domain opset the converters were written against; newer models are refused. */
    public static final long MAX_OPSET = 21;

    private final Map<String, OpConverter> converters;

    private OpRegistry(Map<String, OpConverter> converters) {
        this.converters = Collections.unmodifiableMap(converters);
    }

    /** Every converter the importer has. */
    public static OpRegistry standard() {
        Map<String, OpConverter> m = new TreeMap<>();
        TensorOps.register(m);
        MathOps.register(m);
        QuantizationOps.register(m);
        NnOps.register(m);
        return new OpRegistry(m);
    }

    /** The converter of {@code opType}, or null. */
    public OpConverter get(String opType) {
        return converters.get(opType);
    }

    /** Supported op types, sorted. */
    public java.util.Set<String> opTypes() {
        return converters.keySet();
    }
}

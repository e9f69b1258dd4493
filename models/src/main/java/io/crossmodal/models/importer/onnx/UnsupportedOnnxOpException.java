package io.crossmodal.models.importer.onnx;

/**
 * An ONNX op (or a form of it: attribute, dynamic input, type) the importer does not convert. The message names
 * the op type, the node and the opset; the importer never writes a graph it could not convert faithfully.
 */
public class UnsupportedOnnxOpException extends UnsupportedOperationException {

    private final String opType;
    private final String nodeName;
    private final long opset;

    public UnsupportedOnnxOpException(String opType, String domain, String nodeName, long opset, String detail) {
        super("ONNX op '" + (domain == null || domain.isEmpty() || domain.equals("ai.onnx") ? "" : domain + "::")
                + opType + "' (node '" + nodeName + "', opset " + opset + ") is not supported by the ONNX importer"
                + (detail == null || detail.isEmpty() ? "" : ": " + detail));
        this.opType = opType;
        this.nodeName = nodeName;
        this.opset = opset;
    }

    public String opType() {
        return opType;
    }

    public String nodeName() {
        return nodeName;
    }

    public long opset() {
        return opset;
    }
}

package io.crossmodal.cli;

import io.crossmodal.fusion.v1.Content;
import io.crossmodal.fusion.v1.EncodeRequest;
import io.crossmodal.fusion.v1.EncodeResponse;
import io.crossmodal.fusion.v1.FusionServiceGrpc;
import java.util.List;

/** Encode calls with text contents, and the vector arithmetic the CLI needs. */
final class Encoding {

    private Encoding() {}

    static EncodeResponse encodeTexts(
            FusionServiceGrpc.FusionServiceBlockingStub stub, String model, List<String> texts) {
        EncodeRequest.Builder request = EncodeRequest.newBuilder();
        if (model != null) {
            request.setTextModel(model);
        }
        texts.forEach(t -> request.addContents(Content.newBuilder().setText(t)));
        return stub.encode(request.build());
    }

    /** Cosine similarity of two vectors of equal length, computed in double. */
    static double cosine(List<Float> a, List<Float> b) {
        if (a.size() != b.size()) {
            throw new IllegalArgumentException("vectors of different dimensions: " + a.size() + " and " + b.size());
        }
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.size(); i++) {
            double x = a.get(i);
            double y = b.get(i);
            dot += x * y;
            na += x * x;
            nb += y * y;
        }
        if (na == 0 || nb == 0) {
            return 0;
        }
        return dot / (Math.sqrt(na) * Math.sqrt(nb));
    }
}

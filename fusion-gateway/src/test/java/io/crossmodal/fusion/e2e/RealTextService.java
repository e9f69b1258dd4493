package io.crossmodal.fusion.e2e;

/** The real text service (text-service/target/quarkus-app) on gRPC 18091 / HTTP 18093. */
public class RealTextService extends RealServiceJvm {

    static final int PORT = 18091;
    static final int HTTP_PORT = 18093;

    public RealTextService() {
        super("text-service", "text", PORT, HTTP_PORT, "crossmodal.text.model-repository");
    }
}

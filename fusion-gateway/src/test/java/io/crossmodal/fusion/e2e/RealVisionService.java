package io.crossmodal.fusion.e2e;

/** The real vision service (vision-service/target/quarkus-app) on gRPC 18094 / HTTP 18095. */
public class RealVisionService extends RealServiceJvm {

    static final int PORT = 18094;
    static final int HTTP_PORT = 18095;

    public RealVisionService() {
        super("vision-service", "vision", PORT, HTTP_PORT, "crossmodal.vision.model-repository");
    }
}

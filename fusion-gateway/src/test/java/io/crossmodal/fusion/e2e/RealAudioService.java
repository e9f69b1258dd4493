package io.crossmodal.fusion.e2e;

/** The real audio service (audio-service/target/quarkus-app) on gRPC 18096 / HTTP 18097. */
public class RealAudioService extends RealServiceJvm {

    static final int PORT = 18096;
    static final int HTTP_PORT = 18097;

    public RealAudioService() {
        super("audio-service", "audio", PORT, HTTP_PORT, "crossmodal.audio.model-repository");
    }
}

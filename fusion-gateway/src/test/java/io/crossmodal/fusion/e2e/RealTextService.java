package io.crossmodal.fusion.e2e;

import io.crossmodal.testing.GrpcTestKit;
import io.grpc.ManagedChannel;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts the real text service, as built by this reactor (text-service/target/quarkus-app), in its own JVM on a
 * test port, waits until it reports SERVING, and points the gateway's text client at it.
 */
public class RealTextService implements QuarkusTestResourceLifecycleManager {

    static final int PORT = 18091;
    static final int HTTP_PORT = 18093;

    private Process process;

    @Override
    public Map<String, String> start() {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Path jar = root.resolve("text-service/target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build text-service first (mvn -pl text-service package)");
        }
        String repository = System.getProperty("crossmodal.model-repository", root.resolve("model-repository").toString());
        Path log = root.resolve("fusion-gateway/target/text-service-e2e.log");
        try {
            process = new ProcessBuilder(List.of(
                            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                            "-Dquarkus.grpc.server.port=" + PORT,
                            "-Dquarkus.http.port=" + HTTP_PORT,
                            "-Dcrossmodal.text.model-repository=" + repository,
                            "-jar", jar.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            awaitServing(log.toFile());
        } catch (Exception e) {
            stop();
            throw new IllegalStateException("Could not start text-service: " + e.getMessage(), e);
        }
        // In test mode Quarkus aims clients at test-port, not port.
        return Map.of("quarkus.grpc.clients.text.test-port", Integer.toString(PORT));
    }

    private void awaitServing(File log) throws InterruptedException {
        ManagedChannel channel = GrpcTestKit.channel(PORT);
        try {
            GrpcTestKit.awaitServing(channel, "", Duration.ofMinutes(3), () -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("text-service exited with " + process.exitValue() + "; see " + log);
                }
            });
        } catch (AssertionError notServing) {
            throw new IllegalStateException("text-service not SERVING after 3 minutes; see " + log, notServing);
        } finally {
            channel.shutdownNow();
        }
    }

    @Override
    public void stop() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}

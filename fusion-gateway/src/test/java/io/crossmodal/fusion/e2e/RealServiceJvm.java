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
 * Starts one real Crossmodal service, as built by this reactor ({module}/target/quarkus-app), in its own JVM on
 * test ports, with the prepared model repository; waits until it reports SERVING (models loaded and warm), and
 * points the gateway's client for it there. Its output goes to fusion-gateway/target/{module}-e2e.log.
 */
abstract class RealServiceJvm implements QuarkusTestResourceLifecycleManager {

    private final String module;
    private final String client;
    private final int port;
    private final int httpPort;
    private final String repositoryProperty;
    private Process process;

    RealServiceJvm(String module, String client, int port, int httpPort, String repositoryProperty) {
        this.module = module;
        this.client = client;
        this.port = port;
        this.httpPort = httpPort;
        this.repositoryProperty = repositoryProperty;
    }

    @Override
    public Map<String, String> start() {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Path jar = root.resolve(module + "/target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    jar + " is missing: build " + module + " first (mvn -pl " + module + " package)");
        }
        String repository = System.getProperty(
                "crossmodal.model-repository", root.resolve("model-repository").toString());
        Path log = root.resolve("fusion-gateway/target/" + module + "-e2e.log");
        try {
            process = new ProcessBuilder(List.of(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-Dquarkus.grpc.server.port=" + port,
                            "-Dquarkus.http.port=" + httpPort,
                            "-D" + repositoryProperty + "=" + repository,
                            "-jar",
                            jar.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            awaitServing(log.toFile());
        } catch (Exception e) {
            stop();
            throw new IllegalStateException("Could not start " + module + ": " + e.getMessage(), e);
        }
        // In test mode Quarkus aims clients at test-port, not port.
        return Map.of("quarkus.grpc.clients." + client + ".test-port", Integer.toString(port));
    }

    private void awaitServing(File log) throws InterruptedException {
        ManagedChannel channel = GrpcTestKit.channel(port);
        try {
            GrpcTestKit.awaitServing(channel, "", Duration.ofMinutes(3), () -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException(module + " exited with " + process.exitValue() + "; see " + log);
                }
            });
        } catch (AssertionError notServing) {
            throw new IllegalStateException(module + " not SERVING after 3 minutes; see " + log, notServing);
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

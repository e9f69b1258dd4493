package io.crossmodal.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Renders kustomizations with {@code kubectl kustomize} (kubectl from the PATH, or -Dkubectl=/path/to/kubectl). */
final class Kustomize {

    private static final long TIMEOUT_SECONDS = 120;
    private static final List<String> FILES = List.of("kustomization.yaml", "kustomization.yml", "Kustomization");

    private Kustomize() {}

    /** The directories under {@code dir} holding a kustomization, sorted by name. */
    static List<Path> kustomizations(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(dir)) {
            return children.filter(d -> FILES.stream().anyMatch(f -> Files.isRegularFile(d.resolve(f))))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A throwaway kustomization (under target/) with the base and one component, so a component that does not
     * build is named on its own.
     */
    static Path withComponent(Path deployDir, Path component) {
        Path dir = deployDir.resolve("target/kustomize/component-" + component.getFileName());
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("kustomization.yaml"), """
                    # Written by the deploy module's tests: the base with one component.
                    apiVersion: kustomize.config.k8s.io/v1beta1
                    kind: Kustomization
                    resources:
                      - %s
                    components:
                      - %s
                    """.formatted(
                            dir.relativize(deployDir.resolve("base")), dir.relativize(component)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /** The YAML {@code kubectl kustomize dir} prints; fails with kubectl's stderr when it does not build. */
    static String render(Path dir) {
        String kubectl = System.getProperty("kubectl", "kubectl");
        Process process;
        try {
            process = new ProcessBuilder(kubectl, "kustomize", dir.toString()).start();
        } catch (IOException e) {
            throw new AssertionError("""
                    cannot run '%s kustomize': %s.
                    The deploy module renders the manifests with kubectl (kustomize is built in). Install it, e.g.
                      curl -LO "https://dl.k8s.io/release/$(curl -Ls https://dl.k8s.io/release/stable.txt)/bin/linux/amd64/kubectl"
                      sudo install -m 0755 kubectl /usr/local/bin/kubectl
                    (or: apt-get install kubectl from the Kubernetes apt repository, brew install kubectl), or point the
                    build at one with -Dkubectl=/path/to/kubectl.""".formatted(kubectl, e.getMessage()), e);
        }
        CompletableFuture<String> out = drain(process.getInputStream());
        CompletableFuture<String> err = drain(process.getErrorStream());
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("kubectl kustomize " + dir + " did not finish in " + TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new AssertionError("kubectl kustomize " + dir + " failed (exit " + process.exitValue() + "):\n"
                        + err.join().strip());
            }
            return out.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new AssertionError("interrupted while rendering " + dir, e);
        }
    }

    private static CompletableFuture<String> drain(java.io.InputStream in) {
        // A thread per stream: the common pool may have a single thread on a small machine.
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread reader = new Thread(
                () -> {
                    try (in) {
                        text.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    } catch (IOException e) {
                        text.complete("<" + e.getMessage() + ">");
                    }
                },
                "kubectl-output");
        reader.setDaemon(true);
        reader.start();
        return text;
    }
}

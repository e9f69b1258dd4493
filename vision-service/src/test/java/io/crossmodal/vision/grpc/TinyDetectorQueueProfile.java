package io.crossmodal.vision.grpc;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The vision service whose detector runs one image at a time with one place in its queue, so that a handful of
 * concurrent calls fill it for certain; warm-up is off, so the first detection (a second or more while TensorFlow
 * sets the graph up) keeps the queue full while the rest arrive.
 *
 * <p>Batching comes from the model's {@code serving.properties}, and the prepared repository is only read, never
 * written: the profile builds {@code target/tiny-detector-queue-repository}, where every model and file links to the
 * prepared one except the detector's {@code serving.properties}, a copy with the small queue.
 */
public class TinyDetectorQueueProfile implements QuarkusTestProfile {

    static final String DETECTOR = "centernet";
    /** What the copy of the detector's serving.properties says instead. */
    static final Map<String, String> BATCHING = Map.of(
            "batch.max.size", "1",
            "batch.max.delay.ms", "0",
            "batch.queue.capacity", "1");

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "crossmodal.vision.model-repository", repository().toString(), "crossmodal.vision.warm-up", "false");
    }

    private static Path built;

    /** Built once per test JVM: Quarkus may ask for the overrides more than once. */
    static synchronized Path repository() {
        if (built == null) {
            built = build();
        }
        return built;
    }

    private static Path build() {
        Path prepared = Path.of(System.getProperty("crossmodal.model-repository", "../model-repository"))
                .toAbsolutePath()
                .normalize();
        Path copy = Path.of("target", "tiny-detector-queue-repository").toAbsolutePath();
        try {
            deleteLinksAndCopies(copy);
            Files.createDirectories(copy);
            try (Stream<Path> models = Files.list(prepared)) {
                for (Path model : models.filter(m -> !m.getFileName().toString().startsWith("."))
                        .toList()) {
                    if (model.getFileName().toString().equals(DETECTOR)) {
                        copyWithSmallQueue(model, copy.resolve(DETECTOR));
                    } else {
                        Files.createSymbolicLink(copy.resolve(model.getFileName()), model);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build " + copy + " from " + prepared, e);
        }
        return copy;
    }

    private static void copyWithSmallQueue(Path model, Path target) throws IOException {
        try (Stream<Path> versions = Files.list(model)) {
            for (Path version : versions.filter(Files::isDirectory).toList()) {
                Path dir = Files.createDirectories(target.resolve(version.getFileName()));
                try (Stream<Path> files = Files.list(version)) {
                    for (Path file : files.toList()) {
                        if (file.getFileName().toString().equals("serving.properties")) {
                            Files.write(dir.resolve("serving.properties"), withSmallQueue(Files.readAllLines(file)));
                        } else {
                            Files.createSymbolicLink(dir.resolve(file.getFileName()), file);
                        }
                    }
                }
            }
        }
    }

    private static List<String> withSmallQueue(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            String key =
                    line.contains("=") ? line.substring(0, line.indexOf('=')).trim() : "";
            if (!BATCHING.containsKey(key)) {
                out.add(line);
            }
        }
        BATCHING.forEach((key, value) -> out.add(key + "=" + value));
        return out;
    }

    /** Walking does not follow links: this deletes the links, never what they point to. */
    private static void deleteLinksAndCopies(Path copy) throws IOException {
        if (!Files.exists(copy, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(copy)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}

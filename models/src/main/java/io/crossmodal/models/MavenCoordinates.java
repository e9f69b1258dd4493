package io.crossmodal.models;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Maven artifact coordinates as written in the catalog: {@code groupId:artifactId:version[:classifier][:type]}
 * (type defaults to {@code jar}; an empty classifier is allowed, as in {@code g:a:1.0::zip}).
 */
public record MavenCoordinates(String groupId, String artifactId, String version, String classifier, String type) {

    private static final Pattern PART = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.+-]*");

    public static MavenCoordinates parse(String coordinates) {
        String[] parts = coordinates.trim().split(":", -1);
        if (parts.length < 3 || parts.length > 5) {
            throw new IllegalArgumentException(
                    "maven coordinates must be groupId:artifactId:version[:classifier][:type], was '" + coordinates
                            + "'");
        }
        String classifier = parts.length >= 4 ? parts[3] : "";
        String type = parts.length == 5 ? parts[4] : "jar";
        MavenCoordinates result = new MavenCoordinates(parts[0], parts[1], parts[2], classifier, type);
        result.check(coordinates);
        return result;
    }

    private void check(String original) {
        for (String part : new String[] {groupId, artifactId, version, type}) {
            if (!PART.matcher(part).matches() || part.contains("..")) {
                throw new IllegalArgumentException("invalid maven coordinates '" + original + "': '" + part + "'");
            }
        }
        if (!classifier.isEmpty() && (!PART.matcher(classifier).matches() || classifier.contains(".."))) {
            throw new IllegalArgumentException("invalid maven classifier in '" + original + "'");
        }
    }

    /** File extension of the artifact (the type, except for the types Maven stores as jars). */
    public String extension() {
        return switch (type) {
            case "test-jar", "maven-plugin", "ejb", "ejb-client", "java-source", "javadoc", "bundle" -> "jar";
            default -> type;
        };
    }

    /** File name of the artifact in a Maven repository. */
    public String fileName() {
        return artifactId + "-" + version + (classifier.isEmpty() ? "" : "-" + classifier) + "." + extension();
    }

    /** Where the artifact lives in the local repository {@code repository}. */
    public Path localPath(Path repository) {
        Path dir = repository;
        for (String segment : groupId.split("\\.")) {
            dir = dir.resolve(segment);
        }
        return dir.resolve(artifactId).resolve(version).resolve(fileName());
    }

    /** The {@code -Dartifact} value of {@code dependency:get}: {@code groupId:artifactId:version:packaging[:classifier]}. */
    public String dependencyGetArtifact() {
        return groupId + ":" + artifactId + ":" + version + ":" + type + (classifier.isEmpty() ? "" : ":" + classifier);
    }

    @Override
    public String toString() {
        String base = groupId + ":" + artifactId + ":" + version;
        if (classifier.isEmpty() && type.equals("jar")) {
            return base;
        }
        return base + ":" + classifier + ":" + type;
    }
}

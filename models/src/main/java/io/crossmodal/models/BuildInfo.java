package io.crossmodal.models;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Artifact id and version of this module, from the Maven-filtered {@code build.properties}. */
final class BuildInfo {

    private static final String RESOURCE = "/io/crossmodal/models/build.properties";

    private BuildInfo() {}

    static String artifactId() {
        return value("artifactId", "crossmodal-models");
    }

    static String version() {
        return value("version", "unknown");
    }

    /** The {@code prepared.by} value, e.g. {@code crossmodal-models 0.1.0-SNAPSHOT}. */
    static String preparedBy() {
        return artifactId() + " " + version();
    }

    private static String value(String key, String fallback) {
        Properties properties = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            return fallback;
        }
        String value = properties.getProperty(key);
        return value == null || value.isBlank() || value.startsWith("${") ? fallback : value;
    }
}

package io.crossmodal.models;

import io.crossmodal.runtime.repository.PropertiesFiles;
import io.crossmodal.runtime.repository.ServingProperties;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code .prepared} file of a version folder: which package it was prepared from and the size and SHA-256 of
 * every extracted file, for the up-to-date check. Written last, so its presence marks a complete preparation.
 */
public record PreparedManifest(String sourceSha256, List<ExtractedFile> files) {

    public static final String FILE_NAME = ".prepared";

    /** The pinned package's SHA-256, under the same key as in serving.properties. */
    private static final String SOURCE_SHA256 = ServingProperties.SOURCE_SHA256.name();

    private static final List<String> HEADER = List.of(
            "Written by the crossmodal-models preparer: what it extracted into this folder, to tell later runs",
            "whether the folder is still up to date. Do not edit.");

    public PreparedManifest {
        files = List.copyOf(files);
    }

    public void write(Path file) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(SOURCE_SHA256, sourceSha256);
        values.put(
                "files",
                String.join(",", files.stream().map(ExtractedFile::name).toList()));
        for (ExtractedFile extracted : files) {
            values.put("file." + extracted.name() + ".size", Long.toString(extracted.size()));
            values.put("file." + extracted.name() + ".sha256", extracted.sha256());
        }
        PropertiesFiles.write(file, HEADER, values);
    }

    /** @throws IOException if the file cannot be read or is not a valid manifest */
    public static PreparedManifest read(Path file) throws IOException {
        Map<String, String> values = PropertiesFiles.read(file);
        String sha = values.get(SOURCE_SHA256);
        String names = values.get("files");
        if (sha == null || names == null) {
            throw new IOException(file + " is not a valid manifest");
        }
        List<ExtractedFile> files = new ArrayList<>();
        for (String name : names.isEmpty() ? new String[0] : names.split(",")) {
            String size = values.get("file." + name + ".size");
            String digest = values.get("file." + name + ".sha256");
            if (size == null || digest == null) {
                throw new IOException(file + " lacks the size or sha256 of " + name);
            }
            try {
                files.add(new ExtractedFile(name, Long.parseLong(size), digest));
            } catch (NumberFormatException e) {
                throw new IOException(file + " has an invalid size for " + name, e);
            }
        }
        return new PreparedManifest(sha, files);
    }
}

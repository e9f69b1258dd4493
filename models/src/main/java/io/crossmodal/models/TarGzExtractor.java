package io.crossmodal.models;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Extracts entries from a gzip-compressed tar. For npm tarballs the top folder (normally {@code package/}) is
 * stripped, as npm itself does, so catalog paths are relative to the package root: {@code dist/model.onnx}
 * matches the tar entry {@code package/dist/model.onnx}.
 */
public final class TarGzExtractor implements PackageExtractor {

    private static final Set<String> EXTENSIONS = Set.of("tgz", "tar.gz");

    private final boolean stripTopDirectory;

    /** @param stripTopDirectory drop the first path component of every entry (npm tarballs) */
    public TarGzExtractor(boolean stripTopDirectory) {
        this.stripTopDirectory = stripTopDirectory;
    }

    static boolean handles(String extension) {
        return EXTENSIONS.contains(extension);
    }

    @Override
    public List<ExtractedFile> extract(Path packageFile, Map<String, String> files, Path target)
            throws IOException, PreparationException {
        Map<String, ExtractedFile> written = new HashMap<>();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(packageFile));
                GzipCompressorInputStream gzip = new GzipCompressorInputStream(raw);
                TarArchiveInputStream tar = new TarArchiveInputStream(gzip)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (!entry.isFile()) {
                    continue;
                }
                String path = relativePath(entry.getName());
                String name = path == null ? null : files.get(path);
                if (name != null && !written.containsKey(path)) {
                    written.put(path, PackageExtractor.copy(tar, target, name));
                }
            }
        }
        Set<String> missing = new LinkedHashSet<>(files.keySet());
        missing.removeAll(written.keySet());
        if (!missing.isEmpty()) {
            throw PackageExtractor.missing(packageFile, missing);
        }
        List<ExtractedFile> ordered = new ArrayList<>();
        for (String path : files.keySet()) {
            ordered.add(written.get(path));
        }
        return ordered;
    }

    /** The entry's path as the catalog names it, or null if it has none (the top folder itself). */
    String relativePath(String entryName) {
        String path = entryName.replace('\\', '/');
        while (path.startsWith("./")) {
            path = path.substring(2);
        }
        if (stripTopDirectory) {
            int slash = path.indexOf('/');
            if (slash < 0) {
                return null;
            }
            path = path.substring(slash + 1);
        }
        return path.isEmpty() ? null : path;
    }
}

package io.crossmodal.models;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** Extracts entries from a jar or zip (Maven packages); entry paths are used as they are. */
public final class ZipExtractor implements PackageExtractor {

    private static final Set<String> EXTENSIONS = Set.of("jar", "zip");

    static boolean handles(String extension) {
        return EXTENSIONS.contains(extension);
    }

    @Override
    public List<ExtractedFile> extract(Path packageFile, Map<String, String> files, Path target)
            throws IOException, PreparationException {
        try (ZipFile zip = new ZipFile(packageFile.toFile())) {
            List<String> missing = new ArrayList<>();
            for (String path : files.keySet()) {
                ZipEntry entry = zip.getEntry(path);
                if (entry == null || entry.isDirectory()) {
                    missing.add(path);
                }
            }
            if (!missing.isEmpty()) {
                throw PackageExtractor.missing(packageFile, missing);
            }
            List<ExtractedFile> written = new ArrayList<>();
            for (Map.Entry<String, String> file : files.entrySet()) {
                try (InputStream in = zip.getInputStream(zip.getEntry(file.getKey()))) {
                    written.add(PackageExtractor.copy(in, target, file.getValue()));
                }
            }
            return written;
        }
    }
}

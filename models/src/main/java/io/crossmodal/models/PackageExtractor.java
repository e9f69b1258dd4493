package io.crossmodal.models;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Copies selected entries out of a package file. */
public interface PackageExtractor {

    /**
     * @param packageFile the (already verified) package
     * @param files       path inside the package to file name in {@code targetDirectory}
     * @param target      existing folder to write to
     * @return the written files, in the order of {@code files}
     * @throws PreparationException if some listed path is not in the package
     */
    List<ExtractedFile> extract(Path packageFile, Map<String, String> files, Path target)
            throws IOException, PreparationException;

    /** The extractor for a source: jar/zip for Maven (tgz if the artifact is one), npm tarballs for npm. */
    static PackageExtractor forSource(PackageSource source) {
        if (source.isNpm()) {
            return new TarGzExtractor(true);
        }
        String extension = source.mavenCoordinates().extension();
        if (ZipExtractor.handles(extension)) {
            return new ZipExtractor();
        }
        if (TarGzExtractor.handles(extension)) {
            return new TarGzExtractor(false);
        }
        throw new IllegalArgumentException("no extractor for " + source);
    }

    /** Streams {@code in} to a new file {@code target/name}, digesting it on the way. */
    static ExtractedFile copy(InputStream in, Path target, String name) throws IOException {
        MessageDigest digest = Sha256.newDigest();
        Path file = target.resolve(name);
        long size;
        try (OutputStream out = new DigestOutputStream(
                Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), digest)) {
            size = in.transferTo(out);
        }
        return new ExtractedFile(name, size, Sha256.hex(digest.digest()));
    }

    static PreparationException missing(Path packageFile, Collection<String> paths) {
        return new PreparationException("package file " + packageFile + " has no entry " + String.join(", ", paths)
                + "; the catalog's file list does not match the package");
    }
}

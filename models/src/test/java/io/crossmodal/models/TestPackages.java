package io.crossmodal.models;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** Builds the fake packages, catalogs and executables the tests use. No network involved. */
final class TestPackages {

    private TestPackages() {}

    static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A jar (zip) with the given entries, in order; parent folders are created. */
    static Path writeJar(Path file, Map<String, byte[]> entries) throws IOException {
        Files.createDirectories(file.getParent());
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry("META-INF/"));
            zip.closeEntry();
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        }
        return file;
    }

    /** A .tgz with the given entries (full paths, e.g. package/dist/x), plus folder entries for their parents. */
    static Path writeTgz(Path file, Map<String, byte[]> entries) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream raw = Files.newOutputStream(file);
                GzipCompressorOutputStream gzip = new GzipCompressorOutputStream(raw);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            TarArchiveEntry top = new TarArchiveEntry("package/");
            tar.putArchiveEntry(top);
            tar.closeArchiveEntry();
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                TarArchiveEntry tarEntry = new TarArchiveEntry(entry.getKey());
                tarEntry.setSize(entry.getValue().length);
                tar.putArchiveEntry(tarEntry);
                tar.write(entry.getValue());
                tar.closeArchiveEntry();
            }
            tar.finish();
        }
        return file;
    }

    /** A catalog entry as a JSON-ready map, with text-embedding serving keys. */
    static Map<String, Object> entry(
            String name, String version, String type, String coordinates, String sha256, Map<String, String> files) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", name);
        entry.put("version", version);
        entry.put("source", Map.of("type", type, "coordinates", coordinates));
        entry.put("sha256", sha256);
        entry.put("license", "Apache-2.0");
        entry.put("files", files);
        Map<String, String> serving = new LinkedHashMap<>();
        serving.put("task", "text-embedding");
        serving.put("modality", "text");
        serving.put("engine", "OnnxRuntime");
        serving.put("model.file", "model.onnx");
        serving.put("tokenizer.file", "tokenizer.json");
        serving.put("embedding.dimension", "384");
        serving.put("embedding.pooling", "mean");
        serving.put("embedding.normalize", "true");
        serving.put("preprocessing.revision", "r1");
        serving.put("languages", "en");
        serving.put("max.tokens", "256");
        serving.put("batch.max.size", "32");
        serving.put("batch.max.delay.ms", "5");
        serving.put("batch.queue.capacity", "256");
        serving.put("batch.max.cost", "8192");
        entry.put("serving", serving);
        return entry;
    }

    static Path writeCatalog(Path file, List<Map<String, Object>> entries) throws IOException {
        Files.createDirectories(file.getParent());
        new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(file.toFile(), Map.of("models", entries));
        return file;
    }

    /** An executable shell script. */
    static Path script(Path file, String body) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    record Run(int exitCode, String out, String err) {
        String all() {
            return out + err;
        }
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = PrepareModels.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(exitCode, out.toString(), err.toString());
    }
}

package io.crossmodal.models;

import static io.crossmodal.models.TestPackages.entry;
import static io.crossmodal.models.TestPackages.randomBytes;
import static io.crossmodal.models.TestPackages.utf8;
import static io.crossmodal.models.TestPackages.writeTgz;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossmodal.runtime.repository.ServingProperties;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** npm tarballs: extraction, the fetcher (with a fake npm), and a full preparation from the cache. */
class NpmPackagesTest {

    @TempDir
    Path tmp;

    private final byte[] model = randomBytes(5_000, 7);
    private final byte[] tokenizer = utf8("{\"model\":{\"type\":\"WordPiece\"}}");

    private Path tarball(Path file) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(
                "package/package.json",
                utf8("{\"name\":\"fake-npm-model\",\"version\":\"1.2.3\",\"license\":\"MIT\"}"));
        entries.put("package/dist/model.onnx", model);
        entries.put("package/tokenizer.json", tokenizer);
        return writeTgz(file, entries);
    }

    @Test
    void extractorStripsThePackageFolder() throws Exception {
        Path tgz = tarball(tmp.resolve("fake-npm-model-1.2.3.tgz"));
        Path target = Files.createDirectories(tmp.resolve("out"));
        Map<String, String> files = new LinkedHashMap<>();
        files.put("dist/model.onnx", "model.onnx");
        files.put("tokenizer.json", "tokenizer.json");

        List<ExtractedFile> extracted = new TarGzExtractor(true).extract(tgz, files, target);

        assertArrayEquals(model, Files.readAllBytes(target.resolve("model.onnx")));
        assertArrayEquals(tokenizer, Files.readAllBytes(target.resolve("tokenizer.json")));
        assertEquals(
                List.of("model.onnx", "tokenizer.json"),
                extracted.stream().map(ExtractedFile::name).toList());
        assertEquals(model.length, extracted.get(0).size());
        assertEquals(Sha256.of(target.resolve("model.onnx")), extracted.get(0).sha256());
        try (Stream<Path> written = Files.list(target)) {
            assertEquals(2, written.count(), "nothing but the listed files, no package/ folder");
        }
    }

    @Test
    void extractorNamesMissingEntries() throws IOException {
        Path tgz = tarball(tmp.resolve("fake.tgz"));
        Path target = Files.createDirectories(tmp.resolve("out"));
        PreparationException e = assertThrows(
                PreparationException.class,
                () -> new TarGzExtractor(true).extract(tgz, Map.of("package/dist/model.onnx", "model.onnx"), target));
        assertTrue(e.getMessage().contains("has no entry package/dist/model.onnx"), e.getMessage());
    }

    @Test
    void specNamesTarballsLikeNpmPackAndRejectsRanges() {
        assertEquals(
                "fake-npm-model-1.2.3.tgz",
                NpmPackageSpec.parse("fake-npm-model@1.2.3").tarballFileName());
        NpmPackageSpec scoped = NpmPackageSpec.parse("@xenova/transformers@2.17.2");
        assertEquals("@xenova/transformers", scoped.name());
        assertEquals("xenova-transformers-2.17.2.tgz", scoped.tarballFileName());
        assertThrows(IllegalArgumentException.class, () -> NpmPackageSpec.parse("pkg@^1.0.0"));
        assertThrows(IllegalArgumentException.class, () -> NpmPackageSpec.parse("pkg@latest"));
        assertThrows(IllegalArgumentException.class, () -> NpmPackageSpec.parse("pkg"));
    }

    @Test
    void fetcherRunsNpmPackIntoTheCache() throws Exception {
        Path staged = tarball(tmp.resolve("staged.tgz"));
        Path args = tmp.resolve("npm-args.txt");
        // npm pack <spec> --pack-destination <dir> --ignore-scripts: write the tarball into <dir>.
        Path npm = TestPackages.script(
                tmp.resolve("bin/npm"),
                "echo \"$@\" > '" + args + "'\ncp '" + staged
                        + "' \"$4/fake-npm-model-1.2.3.tgz\"\necho fake-npm-model-1.2.3.tgz");
        Path cache = tmp.resolve("cache");
        StringWriter log = new StringWriter();
        NpmFetcher fetcher =
                new NpmFetcher(cache, List.of(npm.toString()), false, new CommandRunner(), new PrintWriter(log));

        Path fetched = fetcher.fetch(PackageSource.npm("fake-npm-model@1.2.3"));

        assertEquals(cache.resolve("fake-npm-model-1.2.3.tgz"), fetched);
        assertArrayEquals(Files.readAllBytes(staged), Files.readAllBytes(fetched));
        String invocation = Files.readString(args);
        assertTrue(invocation.startsWith("pack fake-npm-model@1.2.3 --pack-destination "), invocation);
        assertTrue(invocation.contains("--ignore-scripts"), invocation);
        try (Stream<Path> children = Files.list(cache)) {
            assertEquals(List.of(fetched), children.toList(), "scratch folder removed");
        }
        Files.delete(args);
        assertEquals(fetched, fetcher.fetch(PackageSource.npm("fake-npm-model@1.2.3")));
        assertFalse(Files.exists(args), "cached tarball is reused without running npm");
    }

    @Test
    void fetcherFailureNamesPackageCommandAndOutput() throws IOException {
        Path npm = TestPackages.script(
                tmp.resolve("bin/npm"),
                "echo 'npm error code E404' >&2\necho 'npm error 404 Not Found - GET /nope' >&2\nexit 1");
        NpmFetcher fetcher = new NpmFetcher(
                tmp.resolve("cache"),
                List.of(npm.toString()),
                false,
                new CommandRunner(),
                new PrintWriter(new StringWriter()));
        FetchException e = assertThrows(FetchException.class, () -> fetcher.fetch(PackageSource.npm("nope@1.0.0")));
        assertTrue(e.getMessage().contains("cannot obtain package npm:nope@1.0.0"), e.getMessage());
        assertTrue(e.getMessage().contains("pack nope@1.0.0"), e.getMessage());
        assertTrue(e.getMessage().contains("npm error 404 Not Found"), e.getMessage());
        assertTrue(e.getMessage().contains("npm registry must be reachable"), e.getMessage());
    }

    @Test
    void npmModelIsPreparedOfflineFromTheCache() throws IOException {
        Path repository = tmp.resolve("model-repository");
        Path tgz = tarball(repository.resolve(".cache/npm/fake-npm-model-1.2.3.tgz"));
        Map<String, String> files = new LinkedHashMap<>();
        files.put("dist/model.onnx", "model.onnx");
        files.put("tokenizer.json", "tokenizer.json");
        Path catalog = TestPackages.writeCatalog(
                tmp.resolve("catalog.json"),
                List.of(entry("fake-npm-model", "1.2.3", "npm", "fake-npm-model@1.2.3", Sha256.of(tgz), files)));

        TestPackages.Run result = TestPackages.run(
                "--catalog",
                catalog.toString(),
                "--repository",
                repository.toString(),
                "--offline",
                "--npm",
                tmp.resolve("no-such-npm").toString());

        assertEquals(0, result.exitCode(), result.all());
        Path dir = repository.resolve("fake-npm-model/1.2.3");
        assertTrue(result.out().contains("prepared    fake-npm-model 1.2.3 -> " + dir), result.out());
        assertArrayEquals(model, Files.readAllBytes(dir.resolve("model.onnx")));
        assertEquals(
                "npm:fake-npm-model@1.2.3",
                ServingProperties.read(dir.resolve("serving.properties"))
                        .values()
                        .get("source"));
    }
}

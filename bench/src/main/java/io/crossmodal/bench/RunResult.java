package io.crossmodal.bench;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** One run's parameters and measurement, printed as a small table and one machine-readable RESULT line. */
public record RunResult(
        String mode, String service, String target, String model, String engine, int concurrency, int batch,
        double warmupSeconds, LoadRunner.Measurement m) {

    /** The machine's 1-minute load average (-1 when unknown): context for numbers taken on a shared machine. */
    static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    public void print(PrintWriter out) {
        StringBuilder title = new StringBuilder("== ").append(mode);
        if (!"-".equals(service)) {
            title.append("  service=").append(service).append("  target=").append(target);
        }
        title.append("  model=").append(model).append("  engine=").append(engine).append("  concurrency=").append(concurrency);
        if (batch > 0) {
            title.append("  batch=").append(batch);
        }
        out.println(title.append(" ==").toString());
        out.printf(Locale.ROOT, "  %-14s %.1f s (after %.1f s warm-up)%n", "window", m.windowSeconds(),
                warmupSeconds);
        out.printf(Locale.ROOT, "  %-14s %d calls, %d texts%n", "completed", m.calls(), m.texts());
        out.printf(Locale.ROOT, "  %-14s %.1f%n", "texts/s", m.textsPerSecond());
        LatencyStats l = m.latency();
        out.printf(Locale.ROOT, "  %-14s p50 %.2f   p90 %.2f   p99 %.2f   max %.2f   mean %.2f%s%n",
                "latency ms", l.percentileMillis(50), l.percentileMillis(90), l.percentileMillis(99),
                l.maxMillis(), l.meanMillis(), batch > 0 ? "   (per batch call)" : "");
        out.printf(Locale.ROOT, "  %-14s %s%n", "errors (run)",
                m.errorCount() == 0 ? "none" : m.errorCount() + " (" + errorCodes(m.errors(), ", ", "=") + ")");
        out.printf(Locale.ROOT, "  %-14s %.2f on %d cores (1-min, at start)%n", "load average", m.loadAverage(),
                Runtime.getRuntime().availableProcessors());
        if (m.cpu().machinePercent() >= 0) {
            out.printf(Locale.ROOT, "  %-14s machine %.0f%%, this JVM %.0f%% (of all cores, during the window)%n",
                    "cpu", m.cpu().machinePercent(), m.cpu().benchPercent());
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
        s.append(" concurrency=").append(concurrency);
        s.append(" batch=").append(batch > 0 ? Integer.toString(batch) : "-");
        s.append(String.format(Locale.ROOT, " duration_s=%.1f", m.windowSeconds()));
        s.append(" calls=").append(m.calls());
        s.append(" texts=").append(m.texts());
        s.append(String.format(Locale.ROOT, " texts_per_s=%.1f", m.textsPerSecond()));
        s.append(String.format(Locale.ROOT, " p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f mean_ms=%.2f",
                l.percentileMillis(50), l.percentileMillis(90), l.percentileMillis(99), l.maxMillis(),
                l.meanMillis()));
        s.append(String.format(Locale.ROOT, " load_avg_start=%.2f", m.loadAverage()));
        s.append(String.format(Locale.ROOT, " machine_cpu_pct=%.0f bench_cpu_pct=%.0f", m.cpu().machinePercent(),
                m.cpu().benchPercent()));
        s.append(" errors=").append(m.errorCount());
        if (m.errorCount() > 0) {
            s.append(" error_codes=").append(errorCodes(m.errors(), ",", ":"));
        }
        return s.toString();
    }

    private static String errorCodes(Map<String, Long> errors, String separator, String assign) {
        return errors.entrySet().stream()
                .map(e -> e.getKey() + assign + e.getValue())
                .collect(Collectors.joining(separator));
    }
}

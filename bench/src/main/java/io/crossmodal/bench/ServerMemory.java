package io.crossmodal.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The resident memory of the server process under load ({@code --server-pid}), from Linux
 * {@code /proc/PID/status}: {@code VmRSS} (resident now) and {@code VmHWM} (peak resident, the "high water mark").
 *
 * <p>Before each run the peak is reset to the current RSS by writing {@code 5} to {@code /proc/PID/clear_refs}
 * (Linux 4.0+; needs write access to the process, i.e. the same user or root). That changes nothing in the process
 * but the kernel's peak counter, so the peak read after the run is the peak of that run; when the reset is refused
 * the peak is the process's since it started, and is reported as such.
 */
final class ServerMemory {

    /** One reading, in kB as the kernel gives it; -1 when a field was missing. */
    record Snapshot(long rssKb, long peakKb) {}

    /**
     * A run's memory: RSS when it started (before the warm-up) and when it ended, and the peak RSS, of the run
     * when {@code peakOfRun}, else of the process since it started. -1 for what could not be read.
     */
    record Usage(long pid, long rssStartKb, long rssEndKb, long peakKb, boolean peakOfRun) {

        /** {@code  server_pid=... server_rss_start_mib=...}: the keys the RESULT line ends with. */
        String resultKeys() {
            return " server_pid=" + pid
                    + " server_rss_start_mib=" + mib(rssStartKb)
                    + " server_rss_end_mib=" + mib(rssEndKb)
                    + " server_peak_rss_mib=" + mib(peakKb)
                    + " server_peak_scope=" + (peakOfRun ? "run" : "process");
        }

        /** The table's line: "RSS 512.0 MiB at start, 600.5 at end, peak 640.0 (this run); pid 123". */
        String describe() {
            return "RSS " + mib(rssStartKb) + " MiB at start, " + mib(rssEndKb) + " at end, peak " + mib(peakKb)
                    + (peakOfRun ? " (this run)" : " (since the process started)") + "; pid " + pid;
        }

        static String mib(long kb) {
            return kb < 0 ? "-1" : String.format(Locale.ROOT, "%.1f", kb / 1024.0);
        }
    }

    private final long pid;
    private final Path procDir;

    /** The process {@code pid}, read from {@code procRoot/PID/}; fails if it has no readable status there. */
    ServerMemory(long pid, Path procRoot) throws IOException {
        this.pid = pid;
        this.procDir = procRoot.resolve(Long.toString(pid));
        Snapshot s = parseStatus(Files.readString(procDir.resolve("status"), StandardCharsets.UTF_8));
        if (s.rssKb() < 0) {
            throw new IOException(procDir.resolve("status") + " has no VmRSS line (a kernel thread?)");
        }
    }

    static ServerMemory of(long pid) throws IOException {
        return new ServerMemory(pid, Path.of("/proc"));
    }

    long pid() {
        return pid;
    }

    /** Resets the kernel's peak RSS of the process to its current RSS; false when that is not allowed. */
    boolean resetPeak() {
        try {
            Files.writeString(procDir.resolve("clear_refs"), "5", StandardCharsets.US_ASCII);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The current reading, or {-1, -1} when the process is gone. */
    Snapshot read() {
        try {
            return parseStatus(Files.readString(procDir.resolve("status"), StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return new Snapshot(-1, -1);
        }
    }

    /** Before a run: resets the peak (see the class comment) and reads the RSS. */
    Start start() {
        boolean reset = resetPeak();
        return new Start(reset, read());
    }

    /** After the run begun with {@code start}: its RSS at both ends and its peak. */
    Usage stop(Start start) {
        Snapshot after = read();
        return new Usage(pid, start.before().rssKb(), after.rssKb(), after.peakKb(), start.peakReset());
    }

    record Start(boolean peakReset, Snapshot before) {}

    /** VmRSS and VmHWM of a {@code /proc/PID/status} text ("VmRSS:\t  123456 kB"). */
    static Snapshot parseStatus(String status) {
        long rss = -1;
        long hwm = -1;
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                rss = kilobytes(line);
            } else if (line.startsWith("VmHWM:")) {
                hwm = kilobytes(line);
            }
        }
        return new Snapshot(rss, hwm);
    }

    private static long kilobytes(String line) {
        String[] f = line.substring(line.indexOf(':') + 1).trim().split("\\s+");
        long value = Long.parseLong(f[0]);
        if (f.length > 1 && !f[1].equalsIgnoreCase("kB")) {
            throw new IllegalArgumentException("unexpected unit in '" + line + "'");
        }
        return value;
    }
}

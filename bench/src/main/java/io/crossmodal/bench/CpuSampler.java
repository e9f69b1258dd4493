package io.crossmodal.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU use over the measured window, as context for numbers taken on a shared machine: how busy the whole machine
 * was (Linux {@code /proc/stat}) and how much of it was this JVM. In-process, the difference is other work; over
 * gRPC it is the server plus other work, and when the server's process id is known ({@code --server-pid}) its own
 * share is read from {@code /proc/PID/stat}, so that machine − bench − server is other people's work.
 */
final class CpuSampler {

    /** Percentages of all cores over the window; -1 when unknown (the server's: when no server pid was given). */
    record Usage(double machinePercent, double benchPercent, double serverPercent) {
        static final Usage UNKNOWN = new Usage(-1, -1, -1);

        Usage(double machinePercent, double benchPercent) {
            this(machinePercent, benchPercent, -1);
        }
    }

    private static final Path PROC_STAT = Path.of("/proc/stat");

    private final long[] machine;
    private final long processNanos;
    private final long wallNanos;
    private final long serverPid;
    private final long serverTicks;

    private CpuSampler(long[] machine, long processNanos, long wallNanos, long serverPid, long serverTicks) {
        this.machine = machine;
        this.processNanos = processNanos;
        this.wallNanos = wallNanos;
        this.serverPid = serverPid;
        this.serverTicks = serverTicks;
    }

    static CpuSampler start() {
        return start(-1);
    }

    /** Also samples the process {@code serverPid} (none when negative). */
    static CpuSampler start(long serverPid) {
        return new CpuSampler(
                machineTicks(),
                processCpuNanos(),
                System.nanoTime(),
                serverPid,
                serverPid < 0 ? -1 : processTicks(serverPid));
    }

    Usage stop() {
        long[] m = machineTicks();
        long p = processCpuNanos();
        long wall = System.nanoTime() - wallNanos;
        double machinePercent = -1;
        if (machine != null && m != null && m[0] > machine[0]) {
            machinePercent = 100.0 * (m[1] - machine[1]) / (m[0] - machine[0]);
        }
        double benchPercent = -1;
        if (processNanos >= 0 && p >= 0 && wall > 0) {
            benchPercent = 100.0
                    * (p - processNanos)
                    / ((double) wall * Runtime.getRuntime().availableProcessors());
        }
        double serverPercent = -1;
        long s = serverPid < 0 ? -1 : processTicks(serverPid);
        if (serverTicks >= 0 && s >= 0 && machine != null && m != null && m[0] > machine[0]) {
            // Both in USER_HZ ticks; the machine's total counts every core.
            serverPercent = 100.0 * (s - serverTicks) / (m[0] - machine[0]);
        }
        return new Usage(machinePercent, benchPercent, serverPercent);
    }

    /** User plus system CPU ticks of a process so far, or -1 when it cannot be read. */
    private static long processTicks(long pid) {
        try {
            return parseProcessTicks(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * utime + stime (fields 14 and 15) of a {@code /proc/PID/stat} line. The command name (field 2) is in
     * parentheses and may itself hold spaces and parentheses, so fields are counted from the last ')'.
     */
    static long parseProcessTicks(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        // f[0] is field 3 (state): utime is field 14, stime field 15.
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** {total, busy} jiffies of all cores, or null off Linux. */
    private static long[] machineTicks() {
        try {
            String cpu = Files.readAllLines(PROC_STAT).get(0);
            String[] f = cpu.trim().split("\\s+");
            long total = 0;
            // user nice system idle iowait irq softirq steal (guest time is already in user)
            for (int i = 1; i <= Math.min(8, f.length - 1); i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0);
            return new long[] {total, total - idle};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }
}

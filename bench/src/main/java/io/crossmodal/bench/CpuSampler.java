package io.crossmodal.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU use over the measured window, as context for numbers taken on a shared machine: how busy the whole machine
 * was (Linux {@code /proc/stat}) and how much of it was this JVM. In-process, the difference is other work; over
 * gRPC it is the server plus other work.
 */
final class CpuSampler {

    /** Percentages of all cores over the window; -1 when unknown. */
    record Usage(double machinePercent, double benchPercent) {
        static final Usage UNKNOWN = new Usage(-1, -1);
    }

    private static final Path PROC_STAT = Path.of("/proc/stat");

    private final long[] machine;
    private final long processNanos;
    private final long wallNanos;

    private CpuSampler(long[] machine, long processNanos, long wallNanos) {
        this.machine = machine;
        this.processNanos = processNanos;
        this.wallNanos = wallNanos;
    }

    static CpuSampler start() {
        return new CpuSampler(machineTicks(), processCpuNanos(), System.nanoTime());
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
            benchPercent = 100.0 * (p - processNanos) / ((double) wall * Runtime.getRuntime().availableProcessors());
        }
        return new Usage(machinePercent, benchPercent);
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

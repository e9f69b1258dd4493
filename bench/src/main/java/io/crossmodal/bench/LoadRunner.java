package io.crossmodal.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/**
 * A closed-loop load: {@code concurrency} threads each call the operation back to back, for a warm-up and then a
 * measured window. A successful call counts (latency, texts) when it completes inside the measured window; those
 * that complete during the warm-up or after the window do not. Errors are counted over the whole run, warm-up and
 * the last calls included, so that "0 errors" means no call failed. No new call starts after the window.
 */
public final class LoadRunner {

    /** One request: takes its texts from the corpus and returns how many it processed. */
    @FunctionalInterface
    public interface Operation {
        int call(Corpus corpus) throws Exception;
    }

    /**
     * What the measured window saw.
     *
     * @param loadAverage the machine's 1-minute load average when the run started (before its own load)
     * @param cpu CPU use of the machine and of this JVM during the measured window
     */
    public record Measurement(
            long calls,
            long texts,
            double windowSeconds,
            LatencyStats latency,
            Map<String, Long> errors,
            double loadAverage,
            CpuSampler.Usage cpu) {

        public long errorCount() {
            return errors.values().stream().mapToLong(Long::longValue).sum();
        }

        public double textsPerSecond() {
            return windowSeconds <= 0 ? 0 : texts / windowSeconds;
        }
    }

    private final int concurrency;
    private final Duration warmup;
    private final Duration duration;
    private final Function<Throwable, String> classifier;
    private final long serverPid;

    public LoadRunner(int concurrency, Duration warmup, Duration duration, Function<Throwable, String> classifier) {
        this(concurrency, warmup, duration, classifier, -1);
    }

    /** Also measures the CPU use of the server process {@code serverPid} during the window (none when negative). */
    public LoadRunner(
            int concurrency,
            Duration warmup,
            Duration duration,
            Function<Throwable, String> classifier,
            long serverPid) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1");
        }
        if (duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException("duration must be positive");
        }
        this.concurrency = concurrency;
        this.warmup = warmup.isNegative() ? Duration.ZERO : warmup;
        this.duration = duration;
        this.classifier = classifier;
        this.serverPid = serverPid;
    }

    /** A load whose operation takes nothing from a corpus (it is passed null), e.g. the same image every call. */
    public Measurement run(Operation operation) throws InterruptedException {
        return run(null, operation);
    }

    public Measurement run(Corpus corpus, Operation operation) throws InterruptedException {
        double loadBefore = RunResult.loadAverage();
        List<Worker> workers = new ArrayList<>(concurrency);
        CountDownLatch ready = new CountDownLatch(concurrency);
        CountDownLatch go = new CountDownLatch(1);
        long[] window = new long[2];
        for (int i = 0; i < concurrency; i++) {
            Worker w = new Worker(corpus, operation, ready, go, window);
            workers.add(w);
        }
        List<Thread> threads = new ArrayList<>(concurrency);
        for (int i = 0; i < concurrency; i++) {
            Thread t = new Thread(workers.get(i), "bench-client-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        ready.await();
        long start = System.nanoTime();
        window[0] = start + warmup.toNanos();
        window[1] = window[0] + duration.toNanos();
        go.countDown();
        sleepUntil(window[0]);
        CpuSampler cpuSampler = CpuSampler.start(serverPid);
        sleepUntil(window[1]);
        CpuSampler.Usage cpu = cpuSampler.stop();
        for (Thread t : threads) {
            t.join();
        }
        LatencyStats latency = new LatencyStats();
        Map<String, Long> errors = new TreeMap<>();
        long calls = 0;
        long texts = 0;
        for (Worker w : workers) {
            latency.add(w.latency);
            w.errors.forEach((k, v) -> errors.merge(k, v, Long::sum));
            calls += w.calls;
            texts += w.texts;
        }
        return new Measurement(calls, texts, duration.toNanos() / 1e9, latency, errors, loadBefore, cpu);
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
        }
    }

    private final class Worker implements Runnable {
        final Corpus corpus;
        final Operation operation;
        final CountDownLatch ready;
        final CountDownLatch go;
        final long[] window;
        final LatencyStats latency = new LatencyStats();
        final Map<String, Long> errors = new TreeMap<>();
        long calls;
        long texts;

        Worker(Corpus corpus, Operation operation, CountDownLatch ready, CountDownLatch go, long[] window) {
            this.corpus = corpus;
            this.operation = operation;
            this.ready = ready;
            this.go = go;
            this.window = window;
        }

        @Override
        public void run() {
            ready.countDown();
            try {
                go.await();
            } catch (InterruptedException e) {
                return;
            }
            long measureStart = window[0];
            long measureEnd = window[1];
            while (true) {
                long begin = System.nanoTime();
                if (begin - measureEnd >= 0) {
                    return;
                }
                int done;
                Throwable failure = null;
                try {
                    done = operation.call(corpus);
                } catch (Throwable t) {
                    done = 0;
                    failure = t;
                }
                long end = System.nanoTime();
                boolean inWindow = end - measureStart >= 0 && end - measureEnd < 0;
                if (failure != null) {
                    errors.merge(classifier.apply(failure), 1L, Long::sum);
                    if (failure instanceof InterruptedException || failure instanceof Error) {
                        return;
                    }
                } else if (inWindow) {
                    latency.record(end - begin);
                    calls++;
                    texts += done;
                }
            }
        }
    }
}

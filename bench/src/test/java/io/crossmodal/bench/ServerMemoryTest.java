package io.crossmodal.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerMemoryTest {

    private static final String STATUS = """
            Name:\tjava
            Umask:\t0022
            State:\tS (sleeping)
            Pid:\t14416
            VmPeak:\t 9876543 kB
            VmSize:\t 9000000 kB
            VmHWM:\t  837040 kB
            VmRSS:\t  629812 kB
            RssAnon:\t  500000 kB
            Threads:\t61
            """;

    @Test
    void parsesRssAndPeakFromProcStatus() {
        assertEquals(new ServerMemory.Snapshot(629812, 837040), ServerMemory.parseStatus(STATUS));
        // A kernel thread has no Vm lines.
        assertEquals(new ServerMemory.Snapshot(-1, -1), ServerMemory.parseStatus("Name:\tkthreadd\nPid:\t2\n"));
        assertThrows(IllegalArgumentException.class, () -> ServerMemory.parseStatus("VmRSS:\t 12 MB\n"));
    }

    @Test
    void formatsMebibytesForTheResultLineAndTheTable() {
        ServerMemory.Usage run = new ServerMemory.Usage(14416, 629812, 700000, 837040, true);
        assertEquals(
                " server_pid=14416 server_rss_start_mib=615.1 server_rss_end_mib=683.6"
                        + " server_peak_rss_mib=817.4 server_peak_scope=run",
                run.resultKeys());
        assertEquals("RSS 615.1 MiB at start, 683.6 at end, peak 817.4 (this run); pid 14416", run.describe());
        ServerMemory.Usage gone = new ServerMemory.Usage(7, 1024, -1, -1, false);
        assertEquals(
                " server_pid=7 server_rss_start_mib=1.0 server_rss_end_mib=-1 server_peak_rss_mib=-1"
                        + " server_peak_scope=process",
                gone.resultKeys());
    }

    /** A fake /proc: the peak is reset through clear_refs before the run and read after it. */
    @Test
    void resetsThePeakBeforeARunAndReadsItAfter(@TempDir Path proc) throws Exception {
        Path dir = Files.createDirectories(proc.resolve("14416"));
        Files.writeString(dir.resolve("status"), STATUS);
        ServerMemory memory = new ServerMemory(14416, proc);
        ServerMemory.Start start = memory.start();
        assertEquals("5", Files.readString(dir.resolve("clear_refs")));
        Files.writeString(dir.resolve("status"), "VmHWM:\t 900000 kB\nVmRSS:\t 700000 kB\n");
        assertEquals(new ServerMemory.Usage(14416, 629812, 700000, 900000, true), memory.stop(start));

        // The process went away during the run.
        Files.delete(dir.resolve("status"));
        assertEquals(new ServerMemory.Usage(14416, 629812, -1, -1, true), memory.stop(start));
        assertThrows(IOException.class, () -> new ServerMemory(99, proc));
    }

    @Test
    void readsThisJvm() throws Exception {
        ServerMemory memory = ServerMemory.of(ProcessHandle.current().pid());
        ServerMemory.Snapshot s = memory.read();
        assertTrue(s.rssKb() > 1024 && s.peakKb() >= s.rssKb(), s.toString());
        ServerMemory.Usage u = memory.stop(memory.start());
        assertTrue(u.rssStartKb() > 0 && u.rssEndKb() > 0 && u.peakKb() >= u.rssEndKb(), u.toString());
    }
}

package io.crossmodal.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.crossmodal.common.v1.ModelInfo;
import io.crossmodal.vision.v1.ListModelsResponse;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The RESULT line and table: text runs exactly as before, vision runs with task=, images and memory. */
class RunResultTest {

    private static LoadRunner.Measurement measurement(Map<String, Long> errors) {
        return measurement(errors, new CpuSampler.Usage(99.6, 12.4));
    }

    private static LoadRunner.Measurement measurement(Map<String, Long> errors, CpuSampler.Usage cpu) {
        LatencyStats latency = new LatencyStats();
        // 0.02 to 2 ms: below 2048 us HdrHistogram keeps every microsecond exactly.
        for (int i = 1; i <= 100; i++) {
            latency.record(i * 20_000L);
        }
        return new LoadRunner.Measurement(100, 100, 20.0, latency, errors, 2.5, cpu);
    }

    @Test
    void textRunLineIsUnchanged() {
        RunResult r = new RunResult(
                "grpc",
                "text",
                "localhost:9091",
                "all-minilm-l6-v2",
                "OnnxRuntime",
                8,
                0,
                5.0,
                measurement(new TreeMap<>()));
        assertEquals(
                "RESULT mode=grpc service=text target=localhost:9091 model=all-minilm-l6-v2 engine=OnnxRuntime"
                        + " concurrency=8 batch=- duration_s=20.0 calls=100 texts=100 texts_per_s=5.0 p50_ms=1.00"
                        + " p90_ms=1.80 p99_ms=1.98 max_ms=2.00 mean_ms=1.01 load_avg_start=2.50 machine_cpu_pct=100"
                        + " bench_cpu_pct=12 errors=0",
                r.resultLine());
        StringWriter out = new StringWriter();
        r.print(new PrintWriter(out));
        assertTrue(
                out.toString()
                        .startsWith("== grpc  service=text  target=localhost:9091  model=all-minilm-l6-v2"
                                + "  engine=OnnxRuntime  concurrency=8 ==\n"),
                out.toString());
        assertTrue(
                out.toString().contains("  completed      100 calls, 100 texts\n  texts/s        5.0\n"),
                out.toString());
    }

    @Test
    void visionRunLineHasTaskImagesAndServerMemory() {
        Map<String, Long> errors = new TreeMap<>(Map.of("RESOURCE_EXHAUSTED", 2L, "item:INVALID_ARGUMENT", 1L));
        VisionLoad.Image image = new VisionLoad.Image("chelsea.png", ByteString.copyFrom(new byte[1234]), 451, 300);
        RunResult r = new RunResult(
                        "grpc",
                        "vision",
                        "localhost:9092",
                        "centernet",
                        "TensorFlow",
                        4,
                        0,
                        5.0,
                        measurement(errors, new CpuSampler.Usage(99.6, 12.4, 80.2)),
                        "read-text",
                        "images",
                        image,
                        null)
                .withServer(new ServerMemory.Usage(42, 2048, 3072, 4096, true));
        assertEquals(
                "RESULT mode=grpc service=vision target=localhost:9092 model=centernet engine=TensorFlow"
                        + " task=read-text concurrency=4 batch=- duration_s=20.0 calls=100 images=100 images_per_s=5.0"
                        + " p50_ms=1.00 p90_ms=1.80 p99_ms=1.98 max_ms=2.00 mean_ms=1.01 load_avg_start=2.50"
                        + " machine_cpu_pct=100 bench_cpu_pct=12 errors=3"
                        + " error_codes=RESOURCE_EXHAUSTED:2,item:INVALID_ARGUMENT:1"
                        + " image=chelsea.png image_bytes=1234 image_size=451x300"
                        + " server_pid=42 server_rss_start_mib=2.0 server_rss_end_mib=3.0 server_peak_rss_mib=4.0"
                        + " server_peak_scope=run server_cpu_pct=80",
                r.resultLine());
        StringWriter out = new StringWriter();
        r.print(new PrintWriter(out));
        String table = out.toString();
        assertTrue(
                table.startsWith("== grpc  service=vision  target=localhost:9092  model=centernet"
                        + "  engine=TensorFlow  task=read-text  concurrency=4 ==\n"),
                table);
        assertTrue(table.contains("  image          chelsea.png, 451x300 pixels, 1234 bytes\n"), table);
        assertTrue(table.contains("  completed      100 calls, 100 images\n  images/s       5.0\n"), table);
        assertTrue(
                table.contains("  cpu            machine 100%, this JVM 12%, server 80% (of all cores, during the"
                        + " window)\n"),
                table);
        assertTrue(
                table.contains("  server memory  RSS 2.0 MiB at start, 3.0 at end, peak 4.0 (this run); pid 42\n"),
                table);
    }

    @Test
    void serverCpuTicksComeFromProcStatAfterTheCommandName() {
        // Fields 14 and 15 (utime, stime); the command name may hold spaces and parentheses.
        String stat = "16477 (java (x) y) S 16420 16420 16420 0 -1 4194560 90071 0 12 0 2712 301 0 0 20 0 61 0"
                + " 123456 9015496704 172030 18446744073709551615 1 1 0 0 0 0 0 4096 16384 0 0 0 17 1 0 0 0 0 0";
        assertEquals(3013, CpuSampler.parseProcessTicks(stat));
    }

    @Test
    void visionTasksParseFromTheCommandLine() {
        assertEquals(VisionTask.DETECT, VisionTask.parse("detect"));
        assertEquals(VisionTask.READ_TEXT, VisionTask.parse("read-text"));
        assertEquals(VisionTask.READ_TEXT, VisionTask.parse(" READ_TEXT "));
        assertEquals(VisionTask.DESCRIBE, VisionTask.parse("Describe"));
        assertEquals("embed", VisionTask.EMBED.toString());
        CommandLine.TypeConversionException e =
                assertThrows(CommandLine.TypeConversionException.class, () -> VisionTask.parse("ocr"));
        assertEquals("'ocr' is not a vision task; use one of detect, embed, read-text, describe", e.getMessage());
    }

    @Test
    void modelsAndEnginesOfEachTaskComeFromListModels() {
        ListModelsResponse listed = ListModelsResponse.newBuilder()
                .addModels(model("centernet", "object-detection", "TensorFlow"))
                .addModels(model("ppocr-det-v4", "ocr-detection", "OnnxRuntime"))
                .addModels(model("ppocr-rec-v4", "ocr-recognition", "OnnxRuntime"))
                .build();
        assertEquals(
                new VisionLoad.Models("centernet", "TensorFlow"), VisionLoad.models(listed, VisionTask.DETECT, null));
        assertEquals(new VisionLoad.Models("centernet", "TensorFlow"), VisionLoad.models(listed, VisionTask.EMBED, ""));
        assertEquals(
                new VisionLoad.Models("ppocr-det-v4+ppocr-rec-v4", "OnnxRuntime"),
                VisionLoad.models(listed, VisionTask.READ_TEXT, null));
        assertEquals(
                new VisionLoad.Models("centernet+ppocr-det-v4+ppocr-rec-v4", "TensorFlow+OnnxRuntime"),
                VisionLoad.models(listed, VisionTask.DESCRIBE, null));
        // A detection model the service does not list, or no ListModels at all.
        assertEquals(new VisionLoad.Models("yolo", "-"), VisionLoad.models(listed, VisionTask.DETECT, "yolo"));
        assertEquals(
                new VisionLoad.Models("auto", "-"),
                VisionLoad.models(ListModelsResponse.getDefaultInstance(), VisionTask.DETECT, null));
    }

    private static ModelInfo model(String name, String task, String engine) {
        return ModelInfo.newBuilder()
                .setName(name)
                .setTask(task)
                .setEngine(engine)
                .build();
    }
}

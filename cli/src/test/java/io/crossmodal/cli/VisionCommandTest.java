package io.crossmodal.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.crossmodal.common.v1.Media;
import io.crossmodal.vision.v1.AnalyzeImageChunk;
import io.crossmodal.vision.v1.AnalyzeImageHeader;
import io.crossmodal.vision.v1.DetectObjectsRequest;
import io.crossmodal.vision.v1.EmbedImagesRequest;
import io.crossmodal.vision.v1.ImageTask;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code crossmodal vision ...} against {@link FakeVisionService}, with the sample images of testdata/images. */
class VisionCommandTest {

    private static final Path IMAGES = Path.of("..", "testdata", "images");
    private static final String CHELSEA = IMAGES.resolve("chelsea.png").toString();
    private static final String ASTRONAUT = IMAGES.resolve("astronaut.png").toString();

    private static FakeVisionService vision;

    @BeforeAll
    static void start() throws Exception {
        vision = new FakeVisionService();
    }

    @AfterAll
    static void stop() throws Exception {
        vision.close();
    }

    record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = CrossmodalCli.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    /** "vision SUB --target FAKE ARGS...". */
    private static Run vision(String subcommand, String... args) {
        String[] all = new String[args.length + 4];
        all[0] = "vision";
        all[1] = subcommand;
        all[2] = "--target";
        all[3] = vision.target();
        System.arraycopy(args, 0, all, 4, args.length);
        return run(all);
    }

    private static byte[] bytes(String file) throws IOException {
        return Files.readAllBytes(Path.of(file));
    }

    @Test
    void detectPassesTheOptionsAndPrintsEachObject() throws Exception {
        int before = vision.detects.size();
        Run r = vision(
                "detect",
                "--min-score",
                "0.3",
                "--nms-iou",
                "0.45",
                "--max-objects",
                "7",
                "--model",
                "fake-centernet",
                "--deadline",
                "7s",
                CHELSEA,
                ASTRONAUT);
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        assertEquals(
                String.join(
                        System.lineSeparator(),
                        CHELSEA + ": 451x300 png",
                        "  cat 0.525 [0.0, 3.3, 412.1, 296.9]",
                        "  couch 0.250 [1.0, 2.0, 300.0, 300.0]",
                        ASTRONAUT + ": 512x512 png",
                        "  cat 0.525 [0.0, 3.3, 412.1, 296.9]",
                        "  couch 0.250 [1.0, 2.0, 300.0, 300.0]",
                        ""),
                r.out());

        List<DetectObjectsRequest> requests = vision.detects.subList(before, vision.detects.size());
        assertEquals(2, requests.size(), "one call per file");
        DetectObjectsRequest first = requests.get(0);
        assertEquals(0.3f, first.getMinScore());
        assertEquals(0.45f, first.getNmsIouThreshold());
        assertEquals(7, first.getMaxObjects());
        assertEquals("fake-centernet", first.getModel());
        assertEquals("image/png", first.getImage().getMimeType());
        assertEquals(ByteString.copyFrom(bytes(CHELSEA)), first.getImage().getData());
        assertEquals(
                ByteString.copyFrom(bytes(ASTRONAUT)),
                requests.get(1).getImage().getData());
        long left = vision.lastDeadline.get().timeRemaining(TimeUnit.MILLISECONDS);
        assertTrue(left > 4_000 && left <= 7_000, "deadline left " + left + " ms");
    }

    @Test
    void detectLeavesUnsetOptionsToTheService() {
        Run r = vision("detect", CHELSEA);
        assertEquals(0, r.code(), r.err());
        DetectObjectsRequest request = vision.detects.get(vision.detects.size() - 1);
        assertEquals(0f, request.getMinScore());
        assertEquals(0f, request.getNmsIouThreshold());
        assertEquals(0, request.getMaxObjects());
        assertEquals("", request.getModel());
    }

    @Test
    void readTextPrintsConfidenceBoxAngleAndText() {
        Run r = vision("read-text", "--min-confidence", "0.6", CHELSEA);
        assertEquals(0, r.code(), r.err());
        assertEquals(
                String.join(
                        System.lineSeparator(),
                        CHELSEA + ": 451x300 png",
                        "  0.987 [10.0, 20.0, 110.0, 40.0] OPEN 24 HOURS",
                        "  0.900 [5.0, 50.3, 60.0, 80.0] 12.0° 咖啡",
                        ""),
                r.out());
        assertEquals(0.6f, vision.reads.get(vision.reads.size() - 1).getMinConfidence());
    }

    @Test
    void describePrintsTheDescriptionAndTags() {
        Run r = vision("describe", "--min-tag-score", "0.2", ASTRONAUT);
        assertEquals(0, r.code(), r.err());
        assertEquals(
                String.join(
                        System.lineSeparator(),
                        ASTRONAUT + ": 512x512 png",
                        "  cat, couch. Text: OPEN 24 HOURS",
                        "  tags: cat, couch",
                        ""),
                r.out());
        assertEquals(0.2f, vision.describes.get(vision.describes.size() - 1).getMinTagScore());
    }

    @Test
    void embedSendsAllFilesInOneCallAndPrintsCosinesWithTheFirst() throws Exception {
        int before = vision.embeds.size();
        Run r = vision("embed", CHELSEA, ASTRONAUT, CHELSEA);
        assertEquals(0, r.code(), r.err());
        assertEquals(before + 1, vision.embeds.size(), "one EmbedImages call");
        EmbedImagesRequest request = vision.embeds.get(before);
        assertEquals(3, request.getImagesCount());
        assertEquals(
                List.of("image/png", "image/png", "image/png"),
                request.getImagesList().stream().map(Media::getMimeType).toList());
        assertEquals(ByteString.copyFrom(bytes(ASTRONAUT)), request.getImages(1).getData());
        assertEquals(
                String.join(
                        System.lineSeparator(),
                        "space " + FakeVisionService.SPACE + ", 6 dimensions, cosine, normalized",
                        CHELSEA + ": [1.0000, 0.0000, 0.0000, 0.0000, 0.0000, ...] (6 values)",
                        ASTRONAUT + ": [0.6000, 0.8000, 0.0000, 0.0000, 0.0000, ...] (6 values)",
                        CHELSEA + ": [1.0000, 0.0000, 0.0000, 0.0000, 0.0000, ...] (6 values)",
                        "cosine(" + CHELSEA + ", " + ASTRONAUT + ") = 0.600",
                        "cosine(" + CHELSEA + ", " + CHELSEA + ") = 1.000",
                        ""),
                r.out());
    }

    @Test
    void aFailedItemExitsWithOneAndPrintsItsFieldAndReason(@TempDir Path dir) throws Exception {
        Path notes = dir.resolve("notes.txt");
        Files.writeString(notes, "not an image", StandardCharsets.UTF_8);
        Run r = vision("embed", "--values", "2", ASTRONAUT, notes.toString(), CHELSEA);
        assertEquals(CrossmodalCli.EXIT_RPC_ERROR, r.code());
        assertTrue(
                r.err().contains(notes + ": error: INVALID_ARGUMENT: images[1].data: not a supported image"), r.err());
        assertTrue(r.err().contains("field violation: images[1].data"), r.err());
        assertTrue(r.err().contains("reason: UNDECODABLE (crossmodal.io)"), r.err());
        // the other images are still printed and compared
        assertTrue(r.out().contains(ASTRONAUT + ": [0.6000, 0.8000, ...] (6 values)"), r.out());
        assertTrue(r.out().contains("cosine(" + ASTRONAUT + ", " + CHELSEA + ") = 0.600"), r.out());
        // an unknown extension is sent without a MIME type: the service sniffs it
        assertEquals(
                "", vision.embeds.get(vision.embeds.size() - 1).getImages(1).getMimeType());
    }

    @Test
    void analyzeSendsTheHeaderThenTheFileInChunks() throws Exception {
        int before = vision.analyses.size();
        Run r = vision("analyze", "--chunk-size", "65536", "--tasks", "embed,detect", "--client-id", "cli-7", CHELSEA);
        assertEquals(0, r.code(), r.err());
        assertEquals(before + 1, vision.analyses.size());
        List<AnalyzeImageChunk> chunks = vision.analyses.get(before);

        AnalyzeImageHeader header = chunks.get(0).getHeader();
        byte[] file = bytes(CHELSEA);
        assertEquals(file.length, header.getUpload().getTotalBytes());
        assertEquals("image/png", header.getUpload().getMimeType());
        assertEquals("cli-7", header.getUpload().getClientId());
        assertEquals(List.of(ImageTask.IMAGE_TASK_DETECT_OBJECTS, ImageTask.IMAGE_TASK_EMBED), header.getTasksList());

        List<AnalyzeImageChunk> data = chunks.subList(1, chunks.size());
        assertEquals((file.length + 65535) / 65536, data.size());
        ByteString uploaded = ByteString.EMPTY;
        for (AnalyzeImageChunk c : data) {
            assertEquals(AnalyzeImageChunk.PartCase.DATA, c.getPartCase());
            assertTrue(c.getData().size() <= 65536);
            uploaded = uploaded.concat(c.getData());
        }
        assertArrayEquals(file, uploaded.toByteArray());

        assertEquals(
                String.join(
                        System.lineSeparator(),
                        CHELSEA + ": 451x300 png (client id cli-7)",
                        "detect: OK",
                        "  cat 0.525 [0.0, 3.3, 412.1, 296.9]",
                        "  couch 0.250 [1.0, 2.0, 300.0, 300.0]",
                        "embed: OK",
                        "  space " + FakeVisionService.SPACE,
                        "  [1.0000, 0.0000, 0.0000, 0.0000, 0.0000, ...] (6 values)",
                        ""),
                r.out());
    }

    @Test
    void analyzeRunsAllTasksByDefaultAndAFailedTaskExitsWithOne() throws Exception {
        int before = vision.analyses.size();
        Run r = vision("analyze", "--chunk-size", "100000", "--client-id", FakeVisionService.TEXT_DOWN, ASTRONAUT);
        assertEquals(CrossmodalCli.EXIT_RPC_ERROR, r.code());
        List<AnalyzeImageChunk> chunks = vision.analyses.get(before);
        assertEquals(
                List.of(
                        ImageTask.IMAGE_TASK_DETECT_OBJECTS,
                        ImageTask.IMAGE_TASK_READ_TEXT,
                        ImageTask.IMAGE_TASK_EMBED,
                        ImageTask.IMAGE_TASK_DESCRIBE),
                chunks.get(0).getHeader().getTasksList());
        assertEquals(1 + 8, chunks.size(), "header and ceil(791555 / 100000) = 8 chunks");

        assertTrue(r.err().contains("text: error: UNAVAILABLE: model ocr is loading"), r.err());
        assertTrue(r.err().contains("retry after: 2.000s"), r.err());
        // the other tasks are still printed
        assertTrue(r.out().contains("detect: OK"), r.out());
        assertTrue(r.out().contains("embed: OK"), r.out());
        assertTrue(
                r.out()
                        .contains("describe: OK\n  cat, couch. Text: OPEN 24 HOURS"
                                .replace("\n", System.lineSeparator())),
                r.out());
        assertFalse(r.out().contains("text: OK"), r.out());
    }

    @Test
    void analyzeStopsWhenTheServiceRefusesTheHeader() {
        Run r = vision("analyze", "--client-id", FakeVisionService.REFUSE, "--chunk-size", "1024", ASTRONAUT);
        assertEquals(CrossmodalCli.EXIT_RPC_ERROR, r.code());
        assertTrue(r.err().startsWith("error: INVALID_ARGUMENT: declared 791555 bytes"), r.err());
        assertTrue(r.err().contains("field violation: header.upload.total_bytes"), r.err());
        assertTrue(r.err().contains("reason: TOO_LARGE_BYTES (crossmodal.io)"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void anRpcErrorExitsWithOneAndPrintsFieldAndReason() {
        Run r = vision("detect", "--min-score", "1.5", CHELSEA);
        assertEquals(CrossmodalCli.EXIT_RPC_ERROR, r.code());
        assertTrue(
                r.err().startsWith(CHELSEA + ": error: INVALID_ARGUMENT: min_score must be in [0, 1], got 1.5"),
                r.err());
        assertTrue(r.err().contains("field violation: min_score: "), r.err());
        assertTrue(r.err().contains("reason: INVALID_OPTION (crossmodal.io)"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void aMissingFileIsAUsageErrorAndNoCallIsMade(@TempDir Path dir) {
        String missing = dir.resolve("missing.png").toString();
        int calls = vision.calls.get();
        for (String sub : List.of("detect", "read-text", "describe", "embed", "analyze")) {
            Run r = sub.equals("analyze") ? vision(sub, missing) : vision(sub, CHELSEA, missing);
            assertEquals(2, r.code(), sub + ": " + r.err());
            assertTrue(r.err().contains("error: Image file '" + missing + "': no such file"), r.err());
            assertTrue(r.err().contains("crossmodal vision " + sub + " --help"), r.err());
            assertEquals("", r.out());
        }
        Run directory = vision("detect", dir.toString());
        assertEquals(2, directory.code());
        assertTrue(directory.err().contains("it is a directory"), directory.err());
        assertEquals(calls, vision.calls.get(), "no call may be made");
    }

    @Test
    void badOptionValuesAreUsageErrors() {
        int calls = vision.calls.get();
        assertEquals(2, vision("analyze", "--chunk-size", "0", CHELSEA).code());
        Run task = vision("analyze", "--tasks", "detect,ocr", CHELSEA);
        assertEquals(2, task.code());
        assertTrue(task.err().contains("'ocr' is not a task"), task.err());
        assertEquals(2, vision("detect", "--max-objects", "-1", CHELSEA).code());
        assertEquals(calls, vision.calls.get());
    }

    @Test
    void modelsPrintsTheModelsAndTheLimits() {
        Run r = vision("models");
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().split("\\R");
        assertTrue(
                lines[0].matches("NAME\\s+VERSION\\s+ENGINE\\s+TASK\\s+STATE\\s+DEFAULT\\s+DIM\\s+SPACE\\s+BATCH"),
                lines[0]);
        assertTrue(
                lines[1].matches("fake-centernet\\s+3\\.0\\.4\\s+TensorFlow\\s+object-detection\\s+ready\\s+yes"
                        + "\\s+6\\s+fake-centernet@3\\.0\\.4#r1\\s+8/5ms, 4000000 pixels"),
                lines[1]);
        assertTrue(
                lines[2].matches(
                        "fake-ocr\\s+1\\.0\\s+OnnxRuntime\\s+ocr\\s+loading \\(warming up\\)" + "\\s+-\\s+-\\s+-"),
                lines[2]);
        assertTrue(
                r.out()
                        .contains("Limits:" + System.lineSeparator()
                                + "  max_image_pixels = 40000000 pixels: Most pixels an image may have, read from its header"
                                + System.lineSeparator() + "  max_items_per_call = 64 items" + System.lineSeparator()),
                r.out());
    }

    @Test
    void anUnreachableServiceIsUnavailable() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Run r = run("vision", "analyze", "--target", "127.0.0.1:" + port, "--deadline", "5s", CHELSEA);
        assertEquals(CrossmodalCli.EXIT_RPC_ERROR, r.code());
        assertTrue(r.err().startsWith("error: UNAVAILABLE"), r.err());
        // why it is unavailable: the connection error, not only gRPC's "io exception"
        assertTrue(r.err().contains("  cause: "), r.err());

        Run detect = run("vision", "detect", "--target", "127.0.0.1:" + port, "--deadline", "5s", CHELSEA);
        assertEquals(CrossmodalCli.EXIT_RPC_ERROR, detect.code());
        assertTrue(detect.err().startsWith(CHELSEA + ": error: UNAVAILABLE"), detect.err());
    }

    @Test
    void helpListsTheSubcommandsAndTheVisionServiceAddress() {
        Run top = run("--help");
        assertTrue(top.out().contains("vision"), top.out());

        Run help = run("vision", "--help");
        assertEquals(0, help.code());
        for (String sub : List.of("detect", "read-text", "describe", "embed", "analyze", "models")) {
            assertTrue(help.out().contains("  " + sub + " "), sub + " in " + help.out());
        }
        Run detect = run("vision", "detect", "--help");
        assertTrue(detect.out().contains("Default: localhost:9092."), detect.out());
        assertEquals(run("vision").out(), help.out(), "no subcommand: the usage");
    }

    @Test
    void mimeTypesFromTheExtension() {
        assertEquals("image/png", InputFile.Kind.IMAGE.mimeTypeOf("a/b/cat.PNG"));
        assertEquals("image/jpeg", InputFile.Kind.IMAGE.mimeTypeOf("cat.jpg"));
        assertEquals("image/jpeg", InputFile.Kind.IMAGE.mimeTypeOf("cat.jpeg"));
        assertEquals("image/gif", InputFile.Kind.IMAGE.mimeTypeOf("cat.gif"));
        assertEquals("image/bmp", InputFile.Kind.IMAGE.mimeTypeOf("cat.bmp"));
        assertEquals("image/webp", InputFile.Kind.IMAGE.mimeTypeOf("cat.webp"));
        assertEquals("image/tiff", InputFile.Kind.IMAGE.mimeTypeOf("cat.tif"));
        assertEquals("image/tiff", InputFile.Kind.IMAGE.mimeTypeOf("cat.tiff"));
        assertEquals("", InputFile.Kind.IMAGE.mimeTypeOf("cat"));
        assertEquals("", InputFile.Kind.IMAGE.mimeTypeOf("cat.heic"));
        assertEquals("", InputFile.Kind.IMAGE.mimeTypeOf("dir.png/cat"));
    }
}

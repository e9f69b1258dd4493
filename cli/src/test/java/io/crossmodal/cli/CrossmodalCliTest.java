package io.crossmodal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossmodal.servicekit.cli.DurationConverter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CrossmodalCliTest {

    private static FakeGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = new FakeGateway();
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
    }

    record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = CrossmodalCli.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void embedPrintsSpaceDimensionValuesAndTokens() {
        Run r = run(
                "embed",
                "--target",
                gateway.target(),
                "--model",
                "fake-minilm",
                "--values",
                "3",
                "A man is eating food.",
                "north");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("[0] \"A man is eating food.\""), r.out());
        assertTrue(r.out().contains("space:     " + FakeGateway.SPACE), r.out());
        assertTrue(r.out().contains("dimension: 4"), r.out());
        assertTrue(r.out().contains("values:    21.0000 0.5000 -0.2500 ... (3 of 4)"), r.out());
        assertTrue(r.out().contains("tokens:    7"), r.out());
        assertTrue(r.out().contains("[1] \"north\""), r.out());
        assertTrue(r.out().contains("values:    1.0000 0.0000 0.0000 ..."), r.out());
        assertEquals("", r.err());
        assertEquals("fake-minilm", gateway.lastEncode.get().getTextModel());
        assertEquals(
                List.of("A man is eating food.", "north"),
                gateway.lastEncode.get().getContentsList().stream()
                        .map(c -> c.getText())
                        .toList());
    }

    @Test
    void embedPassesTheDeadline() {
        Run r = run("embed", "--target", gateway.target(), "--deadline", "7s", "north");
        assertEquals(0, r.code(), r.err());
        long left = gateway.lastDeadline.get().timeRemaining(TimeUnit.MILLISECONDS);
        assertTrue(left > 4_000 && left <= 7_000, "deadline left " + left + " ms");
    }

    @Test
    void invalidArgumentPrintsCodeMessageAndFieldViolations() {
        Run r = run("embed", "--target", gateway.target(), "fine", "");
        assertNotEquals(0, r.code());
        assertTrue(r.err().contains("INVALID_ARGUMENT"), r.err());
        assertTrue(r.err().contains("contents[0].text: text is empty"), r.err());
        assertTrue(r.err().contains("field violation: contents[1].text: text is empty"), r.err());
        assertTrue(r.err().contains("reason: EMPTY_TEXT (crossmodal.io)"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void resourceExhaustedPrintsRetryDelay() {
        Run r = run("embed", "--target", gateway.target(), "overloaded");
        assertEquals(CrossmodalCli.EXIT_RPC_ERROR, r.code());
        assertTrue(r.err().contains("RESOURCE_EXHAUSTED: queue of fake-minilm is full"), r.err());
        assertTrue(r.err().contains("retry after: 1.500s"), r.err());
    }

    @Test
    void similarityPrintsCosine() {
        Run r = run("similarity", "--target", gateway.target(), "north", "north-east");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("similarity: 0.7071"), r.out());
        assertTrue(r.out().contains("space:      " + FakeGateway.SPACE), r.out());

        Run opposite = run("similarity", "--target", gateway.target(), "north", "south");
        assertTrue(opposite.out().contains("similarity: -1.0000"), opposite.out());
    }

    @Test
    void modelsPrintsATableAndFlagsUnreachableEncoders() {
        Run r = run("models", "--target", gateway.target());
        String[] lines = r.out().split("\\R");
        assertTrue(lines[0].startsWith("MODALITY  NAME"), r.out());
        assertTrue(
                lines[1].matches("text\\s+fake-minilm\\s+1\\.0\\s+OnnxRuntime\\s+ready\\s+yes\\s+en\\s+4\\s+256"
                        + "\\s+32/5ms\\s+fake-minilm@1\\.0#r1"),
                lines[1]);
        assertTrue(r.err().contains("image encoder: error: UNAVAILABLE: vision-service is not reachable"), r.err());
        assertEquals(CrossmodalCli.EXIT_RPC_ERROR, r.code());
    }

    @Test
    void unreachableGatewayIsUnavailable() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Run r = run("embed", "--target", "127.0.0.1:" + port, "--deadline", "5s", "north");
        assertEquals(CrossmodalCli.EXIT_RPC_ERROR, r.code());
        assertTrue(r.err().startsWith("error: UNAVAILABLE"), r.err());
    }

    @Test
    void helpAndUsageErrors() {
        Run help = run("--help");
        assertEquals(0, help.code());
        assertTrue(
                help.out().contains("embed")
                        && help.out().contains("models")
                        && help.out().contains("similarity"),
                help.out());

        Run missing = run("embed");
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("TEXT"), missing.err());
    }

    @Test
    void durations() {
        assertEquals(Duration.ofMillis(500), DurationConverter.parse("500ms"));
        assertEquals(Duration.ofSeconds(30), DurationConverter.parse("30s"));
        assertEquals(Duration.ofSeconds(30), DurationConverter.parse("30"));
        assertEquals(Duration.ofMinutes(2), DurationConverter.parse("2m"));
        assertEquals(Duration.ofMillis(1500), DurationConverter.parse("1.5s"));
        assertEquals(Duration.ofSeconds(45), DurationConverter.parse("PT45S"));
    }
}

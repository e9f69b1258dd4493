package io.crossmodal.servicekit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

class DurationConverterTest {

    @Test
    void everyAcceptedForm() {
        assertEquals(Duration.ofSeconds(30), DurationConverter.parse("30s"));
        assertEquals(Duration.ofMillis(500), DurationConverter.parse("500ms"));
        assertEquals(Duration.ofMinutes(2), DurationConverter.parse("2m"));
        assertEquals(Duration.ofHours(1), DurationConverter.parse("1h"));
        assertEquals(Duration.ofSeconds(30), DurationConverter.parse("30"));
        assertEquals(Duration.ofMillis(1500), DurationConverter.parse("1.5s"));
        assertEquals(Duration.ofMillis(1500), DurationConverter.parse("1.5"));
        assertEquals(Duration.ofSeconds(30), DurationConverter.parse("PT30S"));
        assertEquals(Duration.ofSeconds(45), DurationConverter.parse("pt45s"));
        assertEquals(Duration.ofMinutes(90), DurationConverter.parse("PT1H30M"));
        assertEquals(Duration.ofSeconds(30), DurationConverter.parse(" 30S "));
        assertEquals(Duration.ofMillis(250), DurationConverter.parse("250 ms"));
        assertEquals(Duration.ZERO, DurationConverter.parse("0"));
    }

    @Test
    void anythingElseIsAConversionErrorThatSaysWhatToWrite() {
        for (String bad : List.of("", "s", "thirty", "30x", "-5s", "1d", "PT", "PTxS", "1,5s")) {
            CommandLine.TypeConversionException e =
                    assertThrows(CommandLine.TypeConversionException.class, () -> DurationConverter.parse(bad), bad);
            assertTrue(e.getMessage().contains("'" + bad + "' is not a duration; use e.g. 500ms, 30s"), e.getMessage());
        }
    }

    @Command(name = "tool")
    static final class Tool {
        @Option(names = "--deadline", defaultValue = "30s", converter = DurationConverter.class)
        Duration deadline;
    }

    @Test
    void picocliUsesItForOptionsAndDefaults() {
        Tool tool = new Tool();
        new CommandLine(tool).parseArgs();
        assertEquals(Duration.ofSeconds(30), tool.deadline);
        new CommandLine(tool).parseArgs("--deadline", "500ms");
        assertEquals(Duration.ofMillis(500), tool.deadline);
        CommandLine.ParameterException e = assertThrows(
                CommandLine.ParameterException.class,
                () -> new CommandLine(new Tool()).parseArgs("--deadline", "soon"));
        assertTrue(
                e.getMessage().contains("--deadline") && e.getMessage().contains("'soon' is not a duration"),
                e.getMessage());
    }
}

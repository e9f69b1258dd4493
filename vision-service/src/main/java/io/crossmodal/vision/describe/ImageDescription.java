package io.crossmodal.vision.describe;

import io.crossmodal.vision.detect.Detection;
import io.crossmodal.vision.ocr.TextLine;
import java.util.List;

/**
 * An image as text: its distinct object labels (best first) and its recognised lines, joined into one sentence
 * such as {@code "cat, couch. Text: OPEN 24 HOURS"}. This text is how an image enters the text space.
 *
 * @param text  the description
 * @param tags  distinct labels, best first
 * @param lines recognised text lines in reading order
 */
public record ImageDescription(String text, List<String> tags, List<TextLine> lines) {

    public ImageDescription {
        tags = List.copyOf(tags);
        lines = List.copyOf(lines);
    }

    /** Describes an image from its detections (best first) and its text lines. */
    public static ImageDescription of(List<Detection> detections, List<TextLine> lines) {
        List<String> tags = detections.stream().map(Detection::label).distinct().toList();
        List<String> texts =
                lines.stream().map(TextLine::text).filter(t -> !t.isBlank()).toList();
        StringBuilder text = new StringBuilder(String.join(", ", tags));
        if (!texts.isEmpty()) {
            text.append(text.length() > 0 ? ". " : "").append("Text: ").append(String.join(" / ", texts));
        }
        return new ImageDescription(text.toString(), tags, lines);
    }
}

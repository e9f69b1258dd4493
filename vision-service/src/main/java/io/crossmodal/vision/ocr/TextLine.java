package io.crossmodal.vision.ocr;

import java.util.List;
import java.util.Objects;

/**
 * One recognised line of text.
 *
 * @param text the recognised characters (CTC greedy decoding over the recogniser's dictionary)
 * @param confidence mean probability of the kept characters, in [0, 1]
 * @param polygon the line's quadrilateral in original image pixels: four points, clockwise, starting at the
 *     top-left corner of the text as it reads (for text upside down that is the image's bottom-right corner)
 * @param box axis-aligned box around the polygon, clipped to the image
 * @param angleDegrees rotation of the text, clockwise, in [0, 360): direction from the polygon's first to its
 *     second point ({@code 0} = horizontal left-to-right, {@code 90} = reading downwards, {@code 180} = upside down)
 */
public record TextLine(String text, float confidence, List<Point> polygon, Box box, float angleDegrees) {

    public TextLine {
        Objects.requireNonNull(text, "text");
        polygon = List.copyOf(polygon);
        if (polygon.size() != 4) {
            throw new IllegalArgumentException("polygon must have 4 points, had " + polygon.size());
        }
        Objects.requireNonNull(box, "box");
    }

    /** A point in original image pixels. */
    public record Point(float x, float y) {}

    /** An axis-aligned box in original image pixels. */
    public record Box(float xMin, float yMin, float xMax, float yMax) {

        public float width() {
            return xMax - xMin;
        }

        public float height() {
            return yMax - yMin;
        }

        public float centerX() {
            return (xMin + xMax) / 2;
        }

        public float centerY() {
            return (yMin + yMax) / 2;
        }
    }
}

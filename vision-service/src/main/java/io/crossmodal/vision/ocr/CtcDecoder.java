package io.crossmodal.vision.ocr;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Greedy CTC decoding for the PaddleOCR recogniser: at each time step the most probable class; repeats merged,
 * blanks dropped. Classes: {@code 0} is the blank, {@code 1..n} the dictionary's lines in order, and {@code n + 1}
 * a space (PaddleOCR's {@code use_space_char}).
 */
final class CtcDecoder {

    /** Decoded text and the mean probability of its characters (0 when empty). */
    record Decoded(String text, float confidence) {}

    private final String[] classes;

    CtcDecoder(List<String> dictionary) {
        classes = new String[dictionary.size() + 2];
        classes[0] = "";
        for (int i = 0; i < dictionary.size(); i++) {
            classes[i + 1] = dictionary.get(i);
        }
        classes[classes.length - 1] = " ";
    }

    /** Reads a dictionary file: one character (or token) per line, UTF-8; line ends are not part of it. */
    static CtcDecoder fromFile(Path file) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        lines.replaceAll(s -> s.endsWith("\r") ? s.substring(0, s.length() - 1) : s);
        return new CtcDecoder(lines);
    }

    /** Number of classes the recogniser must output. */
    int classCount() {
        return classes.length;
    }

    /**
     * Decodes {@code steps x classCount} scores (row-major). Scores are taken as probabilities when every row
     * already sums to about 1 (the exported PP-OCR models end with a softmax); otherwise a softmax is applied.
     */
    Decoded decode(float[] scores, int steps) {
        int c = classes.length;
        if (scores.length < (long) steps * c) {
            throw new IllegalArgumentException("expected " + steps + " x " + c + " scores, got " + scores.length);
        }
        StringBuilder text = new StringBuilder();
        double sum = 0;
        int chars = 0;
        int previous = 0;
        for (int t = 0; t < steps; t++) {
            int base = t * c;
            int best = 0;
            float bestScore = scores[base];
            double rowSum = 0;
            for (int k = 0; k < c; k++) {
                float s = scores[base + k];
                rowSum += s;
                if (s > bestScore) {
                    bestScore = s;
                    best = k;
                }
            }
            double p = bestScore;
            if (Math.abs(rowSum - 1) > 1e-2 || bestScore < 0) {
                double z = 0;
                for (int k = 0; k < c; k++) {
                    z += Math.exp(scores[base + k] - bestScore);
                }
                p = 1 / z;
            }
            if (best != 0 && best != previous) {
                text.append(classes[best]);
                sum += p;
                chars++;
            }
            previous = best;
        }
        return new Decoded(text.toString(), chars == 0 ? 0f : (float) (sum / chars));
    }
}

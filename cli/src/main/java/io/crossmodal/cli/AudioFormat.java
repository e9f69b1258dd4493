package io.crossmodal.cli;

import io.crossmodal.audio.v1.AudioInfo;
import io.crossmodal.audio.v1.SpeechSegment;
import io.crossmodal.audio.v1.TranscribeResponse;
import io.crossmodal.audio.v1.TranscriptSegment;
import io.crossmodal.audio.v1.WordTiming;
import io.crossmodal.common.v1.TimeSpan;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * How the audio results read on the terminal; one place, so that {@code stream-transcribe}'s final result prints
 * exactly as {@code transcribe}'s does. Locale.ROOT everywhere, as in {@link VisionFormat}.
 */
final class AudioFormat {

    private AudioFormat() {}

    /** "wav 22050 Hz mono 16-bit, 2870 ms": what the service decoded, before its resampling to 16 kHz. */
    static String audio(AudioInfo a) {
        StringBuilder s = new StringBuilder(a.getFormat().isEmpty() ? "audio" : a.getFormat());
        if (a.getSampleRateHz() > 0) {
            s.append(' ').append(a.getSampleRateHz()).append(" Hz");
        }
        if (a.getChannels() > 0) {
            s.append(' ')
                    .append(
                            switch (a.getChannels()) {
                                case 1 -> "mono";
                                case 2 -> "stereo";
                                default -> a.getChannels() + " channels";
                            });
        }
        if (a.getBitsPerSample() > 0) {
            s.append(' ').append(a.getBitsPerSample()).append("-bit");
        }
        return s.append(", ").append(a.getDurationMs()).append(" ms").toString();
    }

    /** "180-2750 ms". */
    static String span(TimeSpan t) {
        return t.getStartMs() + "-" + t.getEndMs() + " ms";
    }

    /** "180-2750 ms (speech 0.934)". */
    static String segment(SpeechSegment s) {
        return span(s.getSpan()) + " (speech " + String.format(Locale.ROOT, "%.3f", s.getConfidence()) + ")";
    }

    static void segments(PrintWriter out, List<SpeechSegment> segments) {
        if (segments.isEmpty()) {
            out.println("  (no speech)");
        }
        segments.forEach(s -> out.println("  " + segment(s)));
    }

    /**
     * A transcript after its heading line: the text, then per speech segment its span and text, then its words
     * with their spans and confidences (none when the recogniser gave none), in aligned columns.
     */
    static void transcript(PrintWriter out, TranscribeResponse r) {
        out.println("  text: " + r.getText());
        if (r.getSegmentsCount() == 0) {
            out.println("  (no speech)");
        }
        for (TranscriptSegment seg : r.getSegmentsList()) {
            out.println("  segment " + segment(seg.getSegment()) + ": " + seg.getText());
            int width = 0;
            int spanWidth = 0;
            for (WordTiming w : seg.getWordsList()) {
                width = Math.max(
                        width, w.getWord().codePointCount(0, w.getWord().length()));
                spanWidth = Math.max(spanWidth, wordSpan(w).length());
            }
            for (WordTiming w : seg.getWordsList()) {
                String line = "    " + pad(w.getWord(), width) + "  " + pad(wordSpan(w), spanWidth);
                if (w.getConfidence() > 0f) {
                    line += "  " + String.format(Locale.ROOT, "%.3f", w.getConfidence());
                }
                out.println(line.stripTrailing());
            }
        }
    }

    /** "180-320 ms", or "-" for a word the recogniser gave no timing. */
    static String wordSpan(WordTiming w) {
        return w.hasSpan() ? span(w.getSpan()) : "-";
    }

    /** "wav 22050 Hz mono 16-bit, 2870 ms, recogniser pocketsphinx-en-us". */
    static String heading(TranscribeResponse r) {
        String s = audio(r.getAudio());
        return r.getModel().isEmpty() ? s : s + ", recogniser " + r.getModel();
    }

    private static String pad(String s, int width) {
        // code points, not chars: a recogniser's word may be outside the BMP
        int length = s.codePointCount(0, s.length());
        return length >= width ? s : s + " ".repeat(width - length);
    }
}

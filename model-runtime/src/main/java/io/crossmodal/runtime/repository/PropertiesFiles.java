package io.crossmodal.runtime.repository;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Writes {@code .properties} files in a given key order, without the timestamp {@link Properties#store} adds, so
 * that the same input always gives the same bytes. Output is ASCII (other characters as {@code \}{@code uXXXX}),
 * readable with {@link Properties#load(InputStream)}. {@link ServingProperties} writes {@code serving.properties}
 * with it; the preparer also writes its {@code .prepared} manifest with it.
 */
public final class PropertiesFiles {

    private PropertiesFiles() {}

    /**
     * @param header comment lines, written first with a leading {@code #}
     * @param values written in iteration order
     */
    public static void write(Path file, List<String> header, Map<String, String> values) throws IOException {
        StringBuilder text = new StringBuilder();
        for (String line : header) {
            text.append("# ").append(line).append('\n');
        }
        for (Map.Entry<String, String> entry : values.entrySet()) {
            text.append(escape(entry.getKey(), true))
                    .append('=')
                    .append(escape(entry.getValue(), false))
                    .append('\n');
        }
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.ISO_8859_1)) {
            out.write(text.toString());
        }
    }

    /** Reads a properties file; keys sorted, since {@link Properties} keeps no order. */
    public static Map<String, String> read(Path file) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        }
        Map<String, String> values = new TreeMap<>();
        for (String key : properties.stringPropertyNames()) {
            values.put(key, properties.getProperty(key));
        }
        return new LinkedHashMap<>(values);
    }

    static String escape(String text, boolean key) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\f' -> out.append("\\f");
                case ' ' -> out.append(key || i == 0 ? "\\ " : " ");
                case '=', ':' -> out.append(key ? "\\" + c : String.valueOf(c));
                case '#', '!' -> out.append(key && i == 0 ? "\\" + c : String.valueOf(c));
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}

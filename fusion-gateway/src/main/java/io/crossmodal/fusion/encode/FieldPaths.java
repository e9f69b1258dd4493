package io.crossmodal.fusion.encode;

import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Field paths of an encoder's request ("texts[1]", "images[0]", "image") in the terms of the gateway's request. */
final class FieldPaths {

    private FieldPaths() {}

    /**
     * For a batch call whose items are the contents {@code contentIndices}: "{list}[k]..." becomes
     * "contents[contentIndices[k]].{contentField}..." and the bare list becomes "contents".
     */
    static UnaryOperator<String> list(String list, List<Integer> contentIndices, String contentField) {
        Pattern indexed = Pattern.compile("^" + Pattern.quote(list) + "\\[(\\d+)](.*)$");
        return field -> {
            Matcher m = indexed.matcher(field);
            if (m.matches()) {
                int k = Integer.parseInt(m.group(1));
                if (k < contentIndices.size()) {
                    return "contents[" + contentIndices.get(k) + "]." + contentField + m.group(2);
                }
            }
            return field.equals(list) ? "contents" : field;
        };
    }

    /** For a single-item call: {@code field} (and anything below it) becomes {@code gatewayPath}. */
    static UnaryOperator<String> single(String field, String gatewayPath) {
        return f -> f.equals(field) || f.startsWith(field + ".") || f.startsWith(field + "[")
                ? gatewayPath + f.substring(field.length())
                : f;
    }

    static String content(int index, String contentField) {
        return "contents[" + index + "]." + contentField;
    }
}

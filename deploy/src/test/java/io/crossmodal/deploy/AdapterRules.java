package io.crossmodal.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * prometheus-adapter's discovery rules, read from the ConfigMaps of a rendering that hold its config file
 * ({@code rules:} / {@code externalRules:}, or the Helm chart's {@code rules: {custom:, external:}}), and the metric
 * names each rule exposes given the series the services export. Naming follows the adapter's docs/config.md:
 * {@code name.matches} defaults to {@code .*}; {@code as} to {@code $0}, or {@code $1} with one capture group.
 */
final class AdapterRules {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** One rule; {@code where} names the ConfigMap, the data key and the rule's index. */
    record Rule(String where, boolean external, JsonNode node) {

        String seriesQuery() {
            return node.path("seriesQuery").asText("");
        }

        String metricsQuery() {
            return node.path("metricsQuery").asText("");
        }

        /** The series names the rule's seriesQuery and seriesFilters select. */
        Predicate<String> selects() {
            Predicate<String> p = seriesName(seriesQuery());
            for (JsonNode f : node.path("seriesFilters")) {
                if (f.has("is")) {
                    Pattern is = Pattern.compile(f.get("is").asText());
                    p = p.and(s -> is.matcher(s).find());
                }
                if (f.has("isNot")) {
                    Pattern isNot = Pattern.compile(f.get("isNot").asText());
                    p = p.and(s -> !isNot.matcher(s).find());
                }
            }
            return p;
        }

        /** The name the rule exposes for one series, or null when name.matches does not match it. */
        String exposedName(String series) {
            Pattern matches = Pattern.compile(node.path("name").path("matches").asText(".*"));
            Matcher m = matches.matcher(series);
            if (!m.find()) {
                return null;
            }
            String as = node.path("name").path("as").asText("");
            if (as.isEmpty()) {
                as = m.groupCount() == 1 ? "$1" : "$0";
            }
            // Go's regexp.Expand: $1, ${1}, $name, ${name}; an unknown group expands to "".
            Matcher ref = Pattern.compile("\\$\\{(\\w+)}|\\$(\\w+)").matcher(as);
            StringBuilder out = new StringBuilder();
            while (ref.find()) {
                String g = ref.group(1) != null ? ref.group(1) : ref.group(2);
                String value;
                try {
                    value = g.chars().allMatch(Character::isDigit) ? m.group(Integer.parseInt(g)) : m.group(g);
                } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                    value = "";
                }
                ref.appendReplacement(out, Matcher.quoteReplacement(value == null ? "" : value));
            }
            ref.appendTail(out);
            return out.toString();
        }

        /** The metric names the rule exposes, given the exported series. */
        Set<String> exposed(Set<String> exported) {
            Set<String> names = new LinkedHashSet<>();
            exported.stream()
                    .filter(selects())
                    .map(this::exposedName)
                    .filter(n -> n != null && !n.isEmpty())
                    .forEach(names::add);
            return names;
        }
    }

    private static final Pattern NAME_MATCHER = Pattern.compile("__name__\\s*(=~|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    /**
     * What a series query selects by name: {@code name{...}}, {@code {__name__="name"}} or
     * {@code {__name__=~"re"}}.
     */
    static Predicate<String> seriesName(String query) {
        Matcher m = NAME_MATCHER.matcher(query);
        if (m.find()) {
            String value = m.group(2).replace("\\\\", "\\");
            if (m.group(1).equals("=")) {
                return value::equals;
            }
            Pattern re = Pattern.compile("^(?:" + value + ")$"); // Prometheus anchors label regexes
            return s -> re.matcher(s).matches();
        }
        String name = query.strip();
        int brace = name.indexOf('{');
        String literal = (brace < 0 ? name : name.substring(0, brace)).strip();
        return literal.isEmpty() ? s -> true : literal::equals;
    }

    private static final Pattern SERIES_TOKEN = Pattern.compile("\\b(?:crossmodal|grpc|http_server)_[A-Za-z0-9_]*");

    /** Series names a rule mentions literally (ours and the binders'), in its queries. */
    static Set<String> mentioned(Rule rule) {
        Set<String> names = new LinkedHashSet<>();
        for (String q : List.of(rule.seriesQuery(), rule.metricsQuery())) {
            Matcher m = SERIES_TOKEN.matcher(q.replaceAll("<<[^>]*>>", " "));
            while (m.find()) {
                names.add(m.group());
            }
        }
        Matcher literal = NAME_MATCHER.matcher(rule.seriesQuery());
        if (literal.find() && literal.group(1).equals("=")) {
            names.add(literal.group(2));
        } else if (!literal.reset().find()) {
            String q = rule.seriesQuery().strip();
            int brace = q.indexOf('{');
            String name = (brace < 0 ? q : q.substring(0, brace)).strip();
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return names;
    }

    /** Every rule in the rendering's ConfigMaps that hold a prometheus-adapter config. */
    static List<Rule> of(Rendering r) {
        List<Rule> rules = new ArrayList<>();
        for (ConfigMap cm : r.all(ConfigMap.class)) {
            if (cm.getData() == null) {
                continue;
            }
            cm.getData().forEach((key, text) -> {
                JsonNode config;
                try {
                    config = YAML.readTree(text);
                } catch (Exception e) {
                    return; // not YAML: not an adapter config
                }
                if (config == null || !config.isObject()) {
                    return;
                }
                String where = "ConfigMap/" + cm.getMetadata().getName() + ": data[" + key + "].";
                JsonNode custom = config.path("rules");
                if (custom.isObject()) { // Helm chart values: rules.custom / rules.external
                    add(rules, where + "rules.custom", false, custom.path("custom"));
                    add(rules, where + "rules.external", true, custom.path("external"));
                } else {
                    add(rules, where + "rules", false, custom);
                    add(rules, where + "externalRules", true, config.path("externalRules"));
                }
            });
        }
        return rules;
    }

    private static void add(List<Rule> rules, String where, boolean external, JsonNode list) {
        for (int i = 0; i < list.size(); i++) {
            rules.add(new Rule(where + "[" + i + "]", external, list.get(i)));
        }
    }
}

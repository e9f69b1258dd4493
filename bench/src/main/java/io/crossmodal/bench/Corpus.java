package io.crossmodal.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The texts the load generator sends, one per request, in turn.
 *
 * <p>The built-in corpus is {@value #BUILT_IN_SIZE} English sentences of everyday length (about 6 to 45 words),
 * made from word lists and sentence patterns with a fixed seed, so every run, on every machine and JVM, sends the
 * same texts in the same order ({@link java.util.Random} is specified to give the same sequence for a seed).
 */
public final class Corpus {

    public static final int BUILT_IN_SIZE = 200;
    public static final long SEED = 20_240_601L;

    private final List<String> texts;
    private final AtomicLong next = new AtomicLong();

    private Corpus(List<String> texts) {
        if (texts.isEmpty()) {
            throw new IllegalArgumentException("The corpus has no texts");
        }
        this.texts = List.copyOf(texts);
    }

    public static Corpus builtIn() {
        return new Corpus(generate(BUILT_IN_SIZE, SEED));
    }

    /** One text per non-blank line of a UTF-8 file. */
    public static Corpus fromFile(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("Corpus file " + file + " has no non-blank line");
        }
        return new Corpus(lines);
    }

    public List<String> texts() {
        return texts;
    }

    public int size() {
        return texts.size();
    }

    /** The next text, round robin over the corpus; safe to call from many threads. */
    public String next() {
        return texts.get((int) Math.floorMod(next.getAndIncrement(), (long) texts.size()));
    }

    // ---------------------------------------------------------------------------------------------------------
    // The generator.

    private static final String[] NAMES = {
        "Maria",
        "Daniel",
        "Aisha",
        "Tom",
        "Priya",
        "Lukas",
        "Chen",
        "Sofia",
        "Omar",
        "Emily",
        "Jonas",
        "Fatima",
        "the manager",
        "my neighbour",
        "our teacher",
        "the doctor",
        "the new intern",
        "her brother"
    };
    private static final String[] ADJECTIVES = {
        "old",
        "new",
        "small",
        "heavy",
        "bright",
        "quiet",
        "broken",
        "expensive",
        "cheap",
        "red",
        "wooden",
        "crowded",
        "empty",
        "famous",
        "local",
        "modern",
        "careful",
        "strange",
        "friendly",
        "tired"
    };
    private static final String[] NOUNS = {
        "car", "train", "report", "garden", "kitchen", "laptop", "bridge", "museum", "restaurant", "window",
        "meeting", "package", "river", "bicycle", "camera", "hospital", "library", "market", "phone", "airport",
        "storm", "recipe", "contract", "painting", "server", "village", "guitar", "ticket", "jacket", "dog"
    };
    private static final String[] PLACES = {
        "office",
        "station",
        "park",
        "school",
        "city centre",
        "harbour",
        "hotel lobby",
        "supermarket",
        "conference room",
        "old town",
        "stadium",
        "warehouse"
    };
    private static final String[] VERBS_PAST = {
        "fixed",
        "painted",
        "opened",
        "closed",
        "found",
        "sold",
        "cleaned",
        "moved",
        "checked",
        "ordered",
        "photographed",
        "described",
        "delivered",
        "repaired",
        "visited",
        "recommended",
        "cancelled",
        "inspected"
    };
    private static final String[] VERBS_BASE = {
        "work", "stop", "start", "break", "change", "arrive", "fail", "improve", "wait", "slow down", "restart"
    };
    private static final String[] ADVERBS = {
        "quickly", "slowly", "carefully", "suddenly", "quietly", "again", "early", "late", "easily", "badly"
    };
    private static final String[] TIMES = {
        "yesterday",
        "this morning",
        "last week",
        "on Monday",
        "after lunch",
        "before the holidays",
        "late at night",
        "in the spring",
        "two days ago",
        "at the end of the month"
    };
    private static final String[] DEADLINES = {
        "tomorrow", "Friday", "the end of the week", "the meeting", "lunch", "the inspection", "next month"
    };
    private static final String[] CITIES = {
        "Lisbon", "Nairobi", "Toronto", "Osaka", "Berlin", "Melbourne", "Lima", "Delhi", "Oslo", "Chicago"
    };
    private static final String[] PLURALS = {
        "students", "drivers", "families", "nurses", "farmers", "shops", "companies", "visitors", "engineers"
    };
    private static final String[] PRODUCTS = {
        "coffee machine",
        "vacuum cleaner",
        "running shoes",
        "desk lamp",
        "headphones",
        "tent",
        "blender",
        "printer",
        "backpack",
        "office chair"
    };
    private static final String[] PROBLEMS = {
        "scratched",
        "missing a screw",
        "too loud",
        "smaller than expected",
        "the wrong colour",
        "hard to assemble",
        "surprisingly light",
        "already used"
    };
    private static final String[] SOFTWARE = {
        "search service",
        "mobile app",
        "database",
        "photo editor",
        "billing system",
        "web browser",
        "translation tool",
        "build pipeline"
    };
    private static final String[] FOODS = {
        "food", "a piece of bread", "an apple", "noodles", "a sandwich", "rice with vegetables", "soup", "pizza"
    };

    static List<String> generate(int count, long seed) {
        Random r = new Random(seed);
        Set<String> out = new LinkedHashSet<>();
        int attempts = 0;
        while (out.size() < count && attempts++ < count * 100) {
            String s = sentence(r);
            // About one in five is a longer, two-clause sentence.
            if (r.nextInt(5) == 0) {
                String second = sentence(r);
                s = s.substring(0, s.length() - 1) + ", " + pick(r, new String[] {"and", "but", "so", "while"}) + " "
                        + lowerFirst(second);
            }
            out.add(s);
        }
        return new ArrayList<>(out);
    }

    private static String sentence(Random r) {
        return switch (r.nextInt(12)) {
            case 0 ->
                cap(pick(r, NAMES)) + " " + pick(r, VERBS_PAST) + " the " + pick(r, ADJECTIVES) + " " + pick(r, NOUNS)
                        + " near the " + pick(r, PLACES) + " " + pick(r, TIMES) + ".";
            case 1 ->
                "Why does the " + pick(r, NOUNS) + " always " + pick(r, VERBS_BASE) + " " + pick(r, ADVERBS)
                        + " when the " + pick(r, PLACES) + " is " + pick(r, ADJECTIVES) + "?";
            case 2 ->
                cap(pick(r, NAMES)) + " said that the " + pick(r, NOUNS) + " was " + pick(r, VERBS_PAST)
                        + " " + pick(r, ADVERBS) + ", but nobody in the " + pick(r, PLACES) + " noticed until "
                        + pick(r, TIMES) + ".";
            case 3 ->
                "According to a recent survey, " + (5 + r.nextInt(90)) + " percent of " + pick(r, PLURALS) + " in "
                        + pick(r, CITIES) + " use a " + pick(r, NOUNS) + " every day.";
            case 4 ->
                "The " + pick(r, PRODUCTS) + " arrived " + pick(r, TIMES) + ", but it was "
                        + pick(r, PROBLEMS) + " and the support team took " + (2 + r.nextInt(12))
                        + " days to reply.";
            case 5 ->
                "After the update, the " + pick(r, SOFTWARE) + " runs " + (2 + r.nextInt(9))
                        + " times faster on laptops with " + (4 << r.nextInt(4)) + " GB of memory.";
            case 6 ->
                "Please " + pick(r, new String[] {"check", "clean", "move", "photograph", "return"}) + " the "
                        + pick(r, ADJECTIVES) + " " + pick(r, NOUNS) + " before " + pick(r, DEADLINES) + ".";
            case 7 ->
                "A " + pick(r, new String[] {"man", "woman", "child", "chef", "tourist"}) + " is eating "
                        + pick(r, FOODS) + " in the " + pick(r, PLACES) + ".";
            case 8 ->
                "Is there a " + pick(r, ADJECTIVES) + " " + pick(r, NOUNS) + " anywhere in "
                        + pick(r, CITIES) + " that is open "
                        + pick(r, new String[] {"on Sundays", "after midnight", "during the festival", "in winter"})
                        + "?";
            case 9 -> "The " + pick(r, NOUNS) + ".";
            case 10 ->
                "In " + pick(r, CITIES) + ", the " + pick(r, PLURALS) + " " + pick(r, VERBS_PAST) + " the "
                        + pick(r, ADJECTIVES) + " " + pick(r, NOUNS) + " " + pick(r, ADVERBS)
                        + ", hoping it would not " + pick(r, VERBS_BASE) + " again like it did " + pick(r, TIMES) + ".";
            default ->
                cap(pick(r, NAMES)) + " " + pick(r, new String[] {"thinks", "hopes", "doubts", "knows"})
                        + " that the " + pick(r, SOFTWARE) + " will " + pick(r, VERBS_BASE) + " " + pick(r, ADVERBS)
                        + ".";
        };
    }

    private static String pick(Random r, String[] words) {
        return words[r.nextInt(words.length)];
    }

    private static String cap(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String lowerFirst(String s) {
        // Keep names capitalised; only lower a leading article or pronoun-like word.
        for (String w : new String[] {"The ", "A ", "Please ", "After ", "According ", "Why ", "Is ", "In "}) {
            if (s.startsWith(w)) {
                return Character.toLowerCase(s.charAt(0)) + s.substring(1);
            }
        }
        return s;
    }
}

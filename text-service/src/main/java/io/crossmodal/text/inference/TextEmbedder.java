package io.crossmodal.text.inference;

import io.crossmodal.runtime.batch.QueueFullException;
import io.crossmodal.servicekit.call.RequestScope;
import io.crossmodal.servicekit.error.InvalidFieldsException;
import io.crossmodal.servicekit.error.ServiceException;
import io.crossmodal.text.config.TextServiceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The text service's domain logic: checks limits, routes each text to a model, tokenizes, and queues it on the
 * model's batcher. Request-wide problems (too many items or bytes, unknown model, model loading, queue full)
 * fail the call; item problems (empty, too long) are reported on the item.
 */
@ApplicationScoped
public class TextEmbedder {

    /** One text's outcome: either a vector with what produced it, or the item's error. */
    public record Result(
            float[] vector, TextModel model, TokenizedText tokens, String detectedLanguage, ServiceException error) {

        public boolean ok() {
            return error == null;
        }
    }

    /** A text checked, routed and tokenized, ready for inference; or its error. */
    public record Prepared(TextModel model, TokenizedText tokens, String language, ServiceException error) {}

    private final TextServiceConfig config;
    private final TextModels models;
    private final LanguageRouter router;

    public TextEmbedder(TextServiceConfig config, TextModels models) {
        this.config = config;
        this.models = models;
        this.router = new LanguageRouter(config.chineseShareThreshold());
    }

    /** Whether a truncation request cuts over-long texts (END) or refuses them (NONE). */
    public boolean truncates(TruncationChoice choice) {
        return switch (choice) {
            case END -> true;
            case NONE -> false;
            case DEFAULT -> config.defaultTruncation() == TextServiceConfig.Truncation.END;
        };
    }

    /** Caller's truncation choice, independent of the proto enum. */
    public enum TruncationChoice {
        DEFAULT,
        NONE,
        END
    }

    /** Refuses a call that breaks a request-wide limit, before any tokenization. */
    public void checkRequestLimits(List<String> texts) {
        List<InvalidFieldsException.Violation> violations = new ArrayList<>();
        if (texts.isEmpty()) {
            violations.add(new InvalidFieldsException.Violation("texts", "at least one text is required"));
        }
        if (texts.size() > config.maxItemsPerCall()) {
            violations.add(new InvalidFieldsException.Violation(
                    "texts",
                    texts.size() + " texts exceed the limit of " + config.maxItemsPerCall()
                            + " per call (max_items_per_call)"));
        }
        long bytes = 0;
        for (String t : texts) {
            bytes += utf8Length(t);
        }
        if (bytes > config.maxRequestBytes()) {
            violations.add(new InvalidFieldsException.Violation(
                    "texts",
                    bytes + " bytes of text exceed the limit of " + config.maxRequestBytes()
                            + " bytes per call (max_request_bytes)"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidFieldsException("REQUEST_LIMIT", violations);
        }
    }

    /** Embeds {@code texts}; completes with one result per text, in order. */
    public CompletableFuture<List<Result>> embed(
            List<String> texts, String modelName, TruncationChoice truncation, RequestScope scope) {
        checkRequestLimits(texts);
        boolean truncate = truncates(truncation);
        List<Prepared> prepared = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            prepared.add(prepare(texts.get(i), i, modelName, truncate));
        }
        List<CompletableFuture<float[]>> futures = new ArrayList<>(texts.size());
        try {
            for (Prepared p : prepared) {
                futures.add(p.error() == null ? p.model().embed(p.tokens(), scope) : null);
            }
        } catch (QueueFullException e) {
            // Overload is the call's problem, not an item's: give back the places already taken and refuse.
            futures.stream().filter(f -> f != null).forEach(f -> f.cancel(false));
            throw e;
        }
        CompletableFuture<?>[] pending = futures.stream().filter(f -> f != null).toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(pending).thenApply(ignored -> {
            List<Result> results = new ArrayList<>(texts.size());
            for (int i = 0; i < prepared.size(); i++) {
                Prepared p = prepared.get(i);
                results.add(
                        p.error() != null
                                ? new Result(null, p.model(), p.tokens(), p.language(), p.error())
                                : new Result(futures.get(i).join(), p.model(), p.tokens(), p.language(), null));
            }
            return results;
        });
    }

    /** One text of a Tokenize call: checked, routed and tokenized as for Embed, with the tokens the model reads. */
    public record Tokenized(Prepared prepared, List<TextToken> tokens) {}

    /**
     * Tokenizes {@code texts} under the same limits and routing as {@link #embed}: request-wide problems throw, an
     * item's problem is its {@link Prepared#error()}.
     */
    public List<Tokenized> tokenize(List<String> texts, String modelName, TruncationChoice truncation) {
        checkRequestLimits(texts);
        boolean truncate = truncates(truncation);
        List<Tokenized> out = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            Prepared p = prepare(texts.get(i), i, modelName, truncate);
            out.add(new Tokenized(
                    p,
                    p.error() != null
                            ? List.of()
                            : p.model().inspect(texts.get(i), p.tokens().length())));
        }
        return out;
    }

    private Prepared prepare(String text, int index, String modelName, boolean truncate) {
        String field = "texts[" + index + "]";
        String language = modelName.isEmpty() ? router.detect(text) : "";
        TextModel model = models.require(modelName.isEmpty() ? defaultModelFor(language) : modelName);
        if (text.isBlank()) {
            return new Prepared(
                    model, null, language, invalid("EMPTY_TEXT", field, "text is empty or only white space"));
        }
        int bytes = utf8Length(text);
        if (bytes > config.maxTextBytes()) {
            return new Prepared(
                    model,
                    null,
                    language,
                    invalid(
                            "TEXT_TOO_LARGE",
                            field,
                            bytes + " bytes exceed the limit of " + config.maxTextBytes()
                                    + " bytes per text (max_text_bytes)"));
        }
        TokenizedText tokens = model.tokenize(text, truncate);
        if (tokens.length() > model.spec().maxTokens()) {
            return new Prepared(
                    model,
                    tokens,
                    language,
                    invalid(
                            "TOO_MANY_TOKENS",
                            field,
                            tokens.length() + " tokens exceed the "
                                    + model.spec().maxTokens() + "-token limit of model '"
                                    + model.spec().name() + "' and truncation is NONE"));
        }
        return new Prepared(model, tokens, language, null);
    }

    private static ServiceException invalid(String reason, String field, String description) {
        return new InvalidFieldsException(reason, List.of(new InvalidFieldsException.Violation(field, description)));
    }

    public String defaultModelFor(String language) {
        return LanguageRouter.CHINESE.equals(language) ? config.defaultChineseModel() : config.defaultEnglishModel();
    }

    static int utf8Length(String s) {
        // Avoids encoding the whole text just to count its bytes.
        int bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}

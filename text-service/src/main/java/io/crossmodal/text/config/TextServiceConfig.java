package io.crossmodal.text.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import java.util.List;
import java.util.Map;

/**
 * Settings of the text service; every key is documented in text-service/README.md. Quarkus converts and validates
 * them at start-up: a bad value stops the start with a message naming its key.
 */
@ConfigMapping(prefix = "crossmodal.text")
public interface TextServiceConfig {

    /** Root of the prepared model repository (read only). */
    @WithDefault("model-repository")
    String modelRepository();

    /** Models to load, by name in the repository; each at its newest prepared version. */
    @NotEmpty @WithDefault("all-minilm-l6-v2,all-minilm-l6-v2-q,bge-small-zh-v1.5")
    List<@NotBlank String> models();

    /** Model for texts the router does not classify as Chinese, when the caller names none. */
    @WithDefault("all-minilm-l6-v2")
    String defaultEnglishModel();

    /** Model for texts written mainly in Chinese, when the caller names none. */
    @WithDefault("bge-small-zh-v1.5")
    String defaultChineseModel();

    /**
     * Share of Han characters among the letters of a text from which the router treats it as Chinese, in (0, 1].
     */
    @DecimalMin(value = "0", inclusive = false) @DecimalMax("1") @WithDefault("0.3")
    double chineseShareThreshold();

    /** Most texts in one Embed or Tokenize call. */
    @Min(1) @Max(100_000) @WithDefault("256")
    int maxItemsPerCall();

    /** Most UTF-8 bytes of all texts of one call together. */
    @Min(1) @WithDefault("2097152")
    int maxRequestBytes();

    /**
     * Most UTF-8 bytes of one text. Checked before tokenization, so a huge text never costs tokenizer time; a
     * text under it but over the model's token limit is then cut or refused by the truncation policy.
     */
    @Min(1) @WithDefault("65536")
    int maxTextBytes();

    /** Truncation when the caller leaves it unspecified: END (cut) or NONE (refuse). */
    @WithDefault("END")
    Truncation defaultTruncation();

    /**
     * Engine per model, overriding the {@code engine} of its {@code serving.properties}, e.g.
     * {@code crossmodal.text.engine."all-minilm-l6-v2"=TensorFlow}. The model must have been prepared for it.
     */
    Map<String, Engine> engine();

    /** Run a few texts through every model before reporting SERVING. */
    @WithDefault("true")
    boolean warmUp();

    /** What the service does with a text longer than its model's token limit, when the caller does not say. */
    enum Truncation {
        /** Cut the tokens past the limit. */
        END,
        /** Refuse the text (INVALID_ARGUMENT). */
        NONE
    }

    /**
     * The engines a text model can be prepared for. The constants are DJL's engine names, as {@code serving.properties}
     * writes them, so that {@code TensorFlow} and {@code OnnxRuntime} read as written (SmallRye also accepts
     * {@code tensor-flow}, {@code onnx-runtime}).
     */
    enum Engine {
        OnnxRuntime,
        TensorFlow
    }
}

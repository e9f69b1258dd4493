package io.crossmodal.text.inference;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.ZooModel;
import io.crossmodal.runtime.batch.BatchMetrics;
import io.crossmodal.runtime.batch.BatcherConfig;
import io.crossmodal.runtime.batch.DynamicBatcher;
import io.crossmodal.runtime.engine.ModelLoader;
import io.crossmodal.runtime.repository.ModelDescriptor;
import io.crossmodal.runtime.repository.ServingProperties;
import io.crossmodal.servicekit.call.RequestScope;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One sentence-embedding model: its tokenizer, its DJL model and its dynamic batcher.
 *
 * <p>Tokenization runs on the caller's thread (it is cheap and gives the item's cost); inference runs on the
 * batcher's single thread, which owns the one predictor. Each batch is padded to its longest item.
 */
public final class TextModel implements AutoCloseable {

    /** One item's result: the pooled vector and what the model read. */
    public record Embedded(float[] vector, TokenizedText tokens) {}

    private final ModelDescriptor descriptor;
    private final TextModelSpec spec;
    private final HuggingFaceTokenizer tokenizer;
    private final ZooModel<NDList, NDList> model;
    private final Predictor<NDList, NDList> predictor;
    private final DynamicBatcher<TokenizedText, float[]> batcher;
    private final long padId;

    private TextModel(
            ModelDescriptor descriptor,
            TextModelSpec spec,
            HuggingFaceTokenizer tokenizer,
            ZooModel<NDList, NDList> model,
            BatchMetrics metrics) {
        this.descriptor = descriptor;
        this.spec = spec;
        this.tokenizer = tokenizer;
        this.model = model;
        this.predictor = model.newPredictor();
        this.padId = 0;
        ServingProperties settings = descriptor.settings();
        BatcherConfig batching = new BatcherConfig(
                settings.get(ServingProperties.BATCH_MAX_SIZE, 32),
                settings.get(ServingProperties.BATCH_MAX_DELAY, Duration.ofMillis(5)),
                settings.get(ServingProperties.BATCH_QUEUE_CAPACITY, 256),
                settings.get(ServingProperties.BATCH_MAX_COST, 8192L),
                BatcherConfig.CostModel.PADDED_TO_LONGEST,
                "tokens");
        this.batcher = new DynamicBatcher<>(descriptor.toString(), batching, this::runBatch, metrics);
    }

    /**
     * Opens the model of {@code descriptor}.
     *
     * @param metricsFactory builds the batch metrics for the model once its engine is known
     */
    public static TextModel open(
            ModelDescriptor descriptor, java.util.function.Function<TextModelSpec, BatchMetrics> metricsFactory) {
        TextModelSpec spec = TextModelSpec.from(descriptor);
        HuggingFaceTokenizer tokenizer = openTokenizer(descriptor, spec);
        ZooModel<NDList, NDList> model = null;
        try {
            model = ModelLoader.load(descriptor);
            return new TextModel(descriptor, spec, tokenizer, model, metricsFactory.apply(spec));
        } catch (RuntimeException e) {
            tokenizer.close();
            if (model != null) {
                model.close();
            }
            throw e;
        }
    }

    private static HuggingFaceTokenizer openTokenizer(ModelDescriptor descriptor, TextModelSpec spec) {
        // The tokenizer.json files of the langchain4j packages pad every text to 128 tokens; padding here is off
        // (batches are padded to their longest item instead) and truncation is done by encode() below, which must
        // see the full length to report it.
        Map<String, String> options = Map.of(
                "padding", "false",
                "truncation", "false",
                "addSpecialTokens", "true",
                "modelMaxLength", Integer.toString(Integer.MAX_VALUE));
        try (InputStream in = Files.newInputStream(descriptor.directory().resolve(spec.tokenizerFile()))) {
            return HuggingFaceTokenizer.newInstance(in, options);
        } catch (IOException e) {
            throw new io.crossmodal.runtime.repository.ModelRepositoryException(
                    "Cannot read tokenizer of " + descriptor + ": " + e.getMessage(), e);
        }
    }

    public ModelDescriptor descriptor() {
        return descriptor;
    }

    public TextModelSpec spec() {
        return spec;
    }

    public BatcherConfig batching() {
        return batcher.config();
    }

    /** Tokenizes {@code text}, cutting it to the model's limit when {@code truncate} (else keeping it whole). */
    public TokenizedText tokenize(String text, boolean truncate) {
        Encoding encoding = tokenizer.encode(text, true, false);
        return truncate(encoding.getIds(), encoding.getTypeIds(), spec.maxTokens(), truncate);
    }

    /**
     * The first {@code keep} tokens of {@code text} with their strings and character spans, the final special token
     * restored when that cuts the text (as {@link #truncate} does for the ids the model reads).
     */
    public List<TextToken> inspect(String text, int keep) {
        Encoding encoding = tokenizer.encode(text, true, false);
        long[] ids = encoding.getIds();
        String[] strings = encoding.getTokens();
        long[] special = encoding.getSpecialTokenMask();
        CharSpan[] spans = encoding.getCharTokenSpans();
        List<TextToken> tokens = new ArrayList<>(keep);
        for (int k = 0; k < keep; k++) {
            int i = (k == keep - 1 && keep < ids.length) ? ids.length - 1 : k;
            boolean isSpecial = special[i] == 1;
            boolean spanned = !isSpecial && spans[i] != null;
            tokens.add(new TextToken(
                    ids[i], strings[i], isSpecial, spanned ? spans[i].getStart() : 0, spanned ? spans[i].getEnd() : 0));
        }
        return tokens;
    }

    /** Truncated ids keep the final special token ([SEP]) so the model sees a well-formed sequence. */
    static TokenizedText truncate(long[] ids, long[] typeIds, int limit, boolean truncate) {
        if (!truncate || ids.length <= limit) {
            return new TokenizedText(ids, typeIds, ids.length);
        }
        long[] cutIds = Arrays.copyOf(ids, limit);
        long[] cutTypes = Arrays.copyOf(typeIds, limit);
        cutIds[limit - 1] = ids[ids.length - 1];
        cutTypes[limit - 1] = typeIds[typeIds.length - 1];
        return new TokenizedText(cutIds, cutTypes, ids.length);
    }

    /** Queues one tokenized text; completes with its normalised vector. */
    public CompletableFuture<float[]> embed(TokenizedText tokens, RequestScope scope) {
        return batcher.submit(tokens, tokens.length(), scope);
    }

    /** Runs one padded batch through the model and pools each item. Called on the batcher thread only. */
    private List<float[]> runBatch(List<TokenizedText> items) throws Exception {
        int batch = items.size();
        int padded = items.stream().mapToInt(TokenizedText::length).max().orElse(1);
        long[] ids = new long[batch * padded];
        long[] mask = new long[batch * padded];
        long[] types = new long[batch * padded];
        Arrays.fill(ids, padId);
        for (int i = 0; i < batch; i++) {
            TokenizedText t = items.get(i);
            System.arraycopy(t.ids(), 0, ids, i * padded, t.length());
            System.arraycopy(t.typeIds(), 0, types, i * padded, t.length());
            Arrays.fill(mask, i * padded, i * padded + t.length(), 1L);
        }
        try (NDManager manager = model.getNDManager().newSubManager()) {
            Shape shape = new Shape(batch, padded);
            NDList inputs = new NDList();
            for (String name : spec.inputNames()) {
                long[] data = switch (name) {
                    case "input_ids" -> ids;
                    case "attention_mask" -> mask;
                    case "token_type_ids" -> types;
                    default ->
                        throw new IllegalStateException("Unsupported model input '" + name + "' of " + descriptor);
                };
                NDArray array = manager.create(data, shape);
                array.setName(name);
                inputs.add(array);
            }
            NDList outputs = predictor.predict(inputs);
            NDArray hidden = outputs.get(0);
            long[] dims = hidden.getShape().getShape();
            if (dims.length != 3 || dims[0] != batch || dims[1] != padded) {
                throw new IllegalStateException(
                        "Model " + descriptor + " returned shape " + hidden.getShape() + " for input " + shape);
            }
            int hiddenSize = (int) dims[2];
            float[] states = hidden.toFloatArray();
            outputs.close();
            List<float[]> vectors = new ArrayList<>(batch);
            for (int i = 0; i < batch; i++) {
                float[] v = spec.pooling()
                        .pool(states, i, padded, hiddenSize, items.get(i).length());
                vectors.add(spec.normalize() ? Pooling.l2Normalize(v) : v);
            }
            return vectors;
        }
    }

    @Override
    public void close() {
        batcher.close();
        predictor.close();
        model.close();
        tokenizer.close();
    }
}

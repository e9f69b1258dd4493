/**
 * The text service's settings ({@code crossmodal.text.*}: where the model repository is and which models to serve, the
 * default English and Chinese models and the script share that routes between them, limits per call and per text,
 * default truncation, per-model engine overrides, warm-up), declared once as a typed SmallRye {@code @ConfigMapping}
 * whose defaults and validation constraints sit next to each key, so a bad value stops the start with a message naming
 * it; every key is documented in text-service/README.md. Declaration only: it depends on SmallRye Config and Bean
 * Validation, never on gRPC or on the service's other packages, which all read their settings from here rather than
 * each looking up keys of its own.
 */
package io.crossmodal.text.config;

/**
 * The vision service's settings ({@code crossmodal.vision.*}: where the model repository is and which detection model
 * to serve, the decoder's byte, pixel, time and thread limits, the in-flight pixel budget, images per call, warm-up),
 * declared once as a typed SmallRye {@code @ConfigMapping} whose defaults and validation constraints sit next to each
 * key, so a bad value stops the start with a message naming it; every key is documented in vision-service/README.md.
 * Declaration only: it depends on SmallRye Config and Bean Validation, never on gRPC or on the service's other
 * packages, which all read their settings from here rather than each looking up keys of its own.
 */
package io.crossmodal.vision.config;

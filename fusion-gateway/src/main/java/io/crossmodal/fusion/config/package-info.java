/**
 * The gateway's settings ({@code crossmodal.gateway.*}: items and target spaces per call, the deadline used when a
 * caller sets none, the retry delay advised when an encoder is unreachable, and how image work is cut into vision calls
 * and how many of them run at once), declared once as a typed SmallRye {@code @ConfigMapping} whose defaults and
 * validation constraints sit next to each key; every key is documented in fusion-gateway/README.md. Declaration only:
 * it depends on SmallRye Config and Bean Validation, never on gRPC or on the gateway's other packages, which all read
 * their settings from here.
 */
package io.crossmodal.fusion.config;

/**
 * The settings every Crossmodal gRPC server shares ({@code crossmodal.grpc.*}: how old a client connection may grow and
 * how long its calls get to finish, how long shutdown drains the calls in flight), declared once as a typed SmallRye
 * {@code @ConfigMapping} with their defaults and documented in service-kit/README.md. Declaration only: the code that
 * acts on these values lives in {@code io.crossmodal.servicekit.grpc}. It may use SmallRye Config and validation
 * annotations, never gRPC types or another module of ours, so every service gets the same keys with the same meaning
 * whatever transport code reads them.
 */
package io.crossmodal.servicekit.config;

/**
 * What the tests of the services and the gateway share: a plaintext channel, a wait for standard gRPC health, the
 * services listed by reflection, Prometheus samples, {@code google.rpc} error details, cosine similarity, and similar
 * helpers that would otherwise be copied into every module's tests. It is main code only so that other modules can
 * depend on it, always in test scope: no production code may depend on it, and it must not depend on a service module,
 * so each service's tests keep their own ports, fixtures and expectations.
 */
package io.crossmodal.testing;

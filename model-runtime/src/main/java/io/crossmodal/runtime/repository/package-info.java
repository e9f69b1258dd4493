/**
 * The model repository as the encoders see it: the layout {@code <root>/<model>/<version>/} with the {@code
 * serving.properties} that describes each version, typed access to those settings with errors that name the file and
 * the key, and the rule that a version without that file does not exist, so a half-copied model is never used. It is
 * the contract between the {@code models} preparer, which fills the repository at build or deploy time, and the
 * services, which only read it and never download. It stays plain Java on the JDK (no DJL, gRPC or Quarkus types) so
 * that both sides, and the tests that build repositories by hand, can use it without an engine.
 */
package io.crossmodal.runtime.repository;

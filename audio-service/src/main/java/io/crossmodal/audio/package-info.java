/**
 * The audio service's shared vocabulary: mono audio as samples with their rate, the form audio takes between the
 * decoder, voice activity, embedding, recognition and synthesis, each of which lives in a subpackage of its own. It
 * sits at the root because every one of those packages depends on it while it depends on none of them (the JDK only),
 * and, like them, it must not import gRPC, proto or Quarkus types.
 */
package io.crossmodal.audio;

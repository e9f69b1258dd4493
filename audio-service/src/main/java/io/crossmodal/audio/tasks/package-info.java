/**
 * What each audio RPC asks of the domain, as one call per RPC that the gRPC front makes: from encoded clips to
 * results, it checks model names, languages and the request's limits, decodes the audio, runs the models and programs
 * (composing onto the models' futures, running the blocking programs on the worker pool) and times the programs that
 * are not behind a batcher. Failures are service-kit {@code ServiceException}s, thrown before any work or completing
 * the future. It may depend on the service's domain packages, model-runtime, service-kit's transport-free packages,
 * Micrometer and CDI, and must not import gRPC, {@code com.google.rpc} or the {@code crossmodal.audio.v1} messages.
 */
package io.crossmodal.audio.tasks;

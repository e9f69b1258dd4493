/**
 * What each vision RPC asks of the domain, as one call per RPC that the gRPC front makes: from encoded images to
 * results, it checks the model name and the request's item limits, takes every image in through the service's intake
 * (whose pixels go back to the budget however the call ends) and queues it on the models, answering with a future.
 * Failures are service-kit {@code ServiceException}s, thrown before any work or completing the future. It may depend
 * on the service's domain packages, its settings and service-kit's transport-free packages, and must not import gRPC,
 * {@code com.google.rpc} or the {@code crossmodal.vision.v1} messages.
 */
package io.crossmodal.vision.tasks;

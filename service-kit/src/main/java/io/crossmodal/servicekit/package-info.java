/**
 * What every Crossmodal gRPC server needs and nothing about models: the error model (google.rpc.Status with
 * ErrorInfo, BadRequest, RetryInfo) and the one mapping from domain exceptions to statuses, draining of calls in
 * flight, connection age, readiness and health, request scope and deadlines. The encoders, model-runtime and the
 * gateway depend on it; it depends on no module of ours, so the gateway gets none of DJL through it.
 */
package io.crossmodal.servicekit;

/**
 * Running untrusted work under a bound: a small pool with a bounded queue on which the caller waits at most a time
 * budget, first for a thread and then for the result, where a full queue refuses at once and work that overruns the
 * budget is told to stop and interrupted. The image and audio decoders run client bytes through it, so a hostile or
 * pathological input costs a bounded slice of the service instead of a thread held indefinitely. It reports busy and
 * timed-out work as plain exceptions that the caller turns into its own domain failure, and depends on the JDK only: no
 * gRPC, Quarkus or model types.
 */
package io.crossmodal.servicekit.exec;

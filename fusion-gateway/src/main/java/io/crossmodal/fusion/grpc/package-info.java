/**
 * The gateway's gRPC front for {@code crossmodal.fusion.v1.FusionService}: it takes each call's deadline and hands the
 * request to the package that implements the RPC ({@code encode}, {@code convert}, {@code fuse} through
 * {@code FuseMapping}, {@code models}), and lets the RPCs not implemented yet answer UNIMPLEMENTED rather than
 * anything made up. It stays thin: no fan-out, translation or error policy is decided here, and failures become
 * statuses through service-kit's one mapping. It may depend on every package of the gateway, on service-kit and on
 * proto; nothing in the gateway depends on it, and like the rest of the gateway it must never depend on an encoder's
 * code, DJL or model-runtime.
 */
package io.crossmodal.fusion.grpc;

/**
 * Encode, the gateway's cross-modal call: it splits a request's contents by modality, runs the text part and the image
 * part concurrently against their encoders, brings images into text spaces through their descriptions and texts into
 * other text spaces through those spaces' models, bounds how many encoder calls one request keeps in flight, and puts
 * the answers back in request order. A failed encoder fails only the items that needed it, so failures are carried as
 * {@code google.rpc.Status} values per item and per target space rather than thrown; a call whose contents are all of
 * one modality fails as that encoder's own API would. It works in the {@code v1} messages and grpc-java's status and
 * deadline types, reaches the encoders only through {@code io.crossmodal.fusion.downstream}, and must never depend on
 * an encoder's code, DJL or model-runtime.
 */
package io.crossmodal.fusion.encode;

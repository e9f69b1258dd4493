/**
 * An image as text: the distinct object labels found in it and its recognised text lines, joined into one description.
 * That description is how an image enters a text space (the gateway embeds it with a text model), so how it is built is
 * decided in one place and is the same whichever RPC asks for it. It builds on the results of {@code
 * io.crossmodal.vision.detect} and {@code io.crossmodal.vision.ocr} and, like them, knows nothing of gRPC, the proto
 * messages or Quarkus.
 */
package io.crossmodal.vision.describe;

package io.crossmodal.fusion.forward;

import io.grpc.Metadata;
import java.util.Set;

/**
 * What of a call's metadata crosses the gateway: every application header and trailer, but none the transport sets
 * itself on each hop (HTTP/2 pseudo and connection headers, content-type, user-agent, grpc-timeout, grpc-encoding,
 * ...). The deadline travels as the forwarded call's deadline, not as a copied grpc-timeout header.
 */
final class ForwardedMetadata {

    /** The one reserved trailer that carries data of the call: the rich status (ErrorInfo, BadRequest, RetryInfo). */
    static final String STATUS_DETAILS = "grpc-status-details-bin";

    private static final Set<String> TRANSPORT = Set.of(
            "content-type",
            "content-length",
            "user-agent",
            "te",
            "host",
            "connection",
            "keep-alive",
            "proxy-connection",
            "transfer-encoding",
            "upgrade");

    private ForwardedMetadata() {}

    /** The caller's request headers as the encoder gets them. */
    static Metadata requestHeaders(Metadata headers) {
        return copy(headers, false);
    }

    /** The encoder's response headers as the caller gets them. */
    static Metadata responseHeaders(Metadata headers) {
        return copy(headers, false);
    }

    /** The encoder's trailers as the caller gets them: with the rich status, without transport ones. */
    static Metadata trailers(Metadata trailers) {
        return copy(trailers, true);
    }

    static boolean forwarded(String name, boolean keepStatusDetails) {
        String key = name.toLowerCase(java.util.Locale.ROOT);
        if (key.startsWith(":") || TRANSPORT.contains(key)) {
            return false;
        }
        if (key.startsWith("grpc-")) {
            return keepStatusDetails && key.equals(STATUS_DETAILS);
        }
        return true;
    }

    private static Metadata copy(Metadata from, boolean keepStatusDetails) {
        Metadata to = new Metadata();
        for (String name : from.keys()) {
            if (!forwarded(name, keepStatusDetails)) {
                continue;
            }
            if (name.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
                Metadata.Key<byte[]> key = Metadata.Key.of(name, Metadata.BINARY_BYTE_MARSHALLER);
                Iterable<byte[]> values = from.getAll(key);
                if (values != null) {
                    values.forEach(v -> to.put(key, v));
                }
            } else {
                Metadata.Key<String> key = Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER);
                Iterable<String> values = from.getAll(key);
                if (values != null) {
                    values.forEach(v -> to.put(key, v));
                }
            }
        }
        return to;
    }
}

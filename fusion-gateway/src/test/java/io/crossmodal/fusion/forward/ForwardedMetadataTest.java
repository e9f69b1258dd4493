package io.crossmodal.fusion.forward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Metadata;
import java.util.List;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** Which headers and trailers cross the gateway on a forwarded call. */
class ForwardedMetadataTest {

    private static final Metadata.Key<String> TRACE = Metadata.Key.of("x-trace", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<byte[]> BLOB = Metadata.Key.of("x-blob-bin", Metadata.BINARY_BYTE_MARSHALLER);
    private static final Metadata.Key<byte[]> DETAILS =
            Metadata.Key.of("grpc-status-details-bin", Metadata.BINARY_BYTE_MARSHALLER);

    private static Metadata sample() {
        Metadata m = new Metadata();
        m.put(TRACE, "a");
        m.put(TRACE, "b");
        m.put(BLOB, new byte[] {1, 2, 3});
        m.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer t");
        for (String reserved :
                List.of("content-type", "user-agent", "te", "grpc-timeout", "grpc-encoding", "grpc-accept-encoding")) {
            m.put(Metadata.Key.of(reserved, Metadata.ASCII_STRING_MARSHALLER), "x");
        }
        m.put(DETAILS, new byte[] {9});
        return m;
    }

    @Test
    void requestHeadersKeepApplicationHeadersOnly() {
        Metadata out = ForwardedMetadata.requestHeaders(sample());
        assertEquals(Set.of("x-trace", "x-blob-bin", "authorization"), out.keys());
        assertEquals(
                List.of("a", "b"),
                StreamSupport.stream(out.getAll(TRACE).spliterator(), false).toList());
        assertArrayEquals(new byte[] {1, 2, 3}, out.get(BLOB));
    }

    @Test
    void trailersAlsoKeepTheRichStatus() {
        Metadata out = ForwardedMetadata.trailers(sample());
        assertEquals(Set.of("x-trace", "x-blob-bin", "authorization", "grpc-status-details-bin"), out.keys());
        assertArrayEquals(new byte[] {9}, out.get(DETAILS));
    }

    @Test
    void pseudoAndConnectionHeadersNeverCross() {
        for (String name : List.of(":authority", ":path", "host", "connection", "content-length", "grpc-message")) {
            assertFalse(ForwardedMetadata.forwarded(name, true), name);
        }
        assertTrue(ForwardedMetadata.forwarded("X-Request-Id", false));
    }
}

package io.crossmodal.servicekit.grpc;

import io.crossmodal.testing.GrpcTestKit;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Unary methods whose request and answer are plain strings, for testing server plumbing on a real grpc-java server
 * without generated stubs.
 */
final class StringCalls {

    private static final MethodDescriptor.Marshaller<String> TEXT = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(String value) {
            return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String parse(InputStream stream) {
            try {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    private StringCalls() {}

    /** A unary method {@code fullName} ("test.Service/Method") taking and answering a string. */
    static MethodDescriptor<String, String> unary(String fullName) {
        return MethodDescriptor.<String, String>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(fullName)
                .setRequestMarshaller(TEXT)
                .setResponseMarshaller(TEXT)
                .build();
    }

    /** The detail of {@code type} in the rich status {@code e} carries; AssertionError if there is none. */
    static <T extends com.google.protobuf.Message> T detail(StatusRuntimeException e, Class<T> type) {
        return GrpcTestKit.detail(GrpcTestKit.richStatus(e), type);
    }
}

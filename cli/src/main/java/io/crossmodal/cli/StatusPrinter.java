package io.crossmodal.cli;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import com.google.rpc.DebugInfo;
import com.google.rpc.ErrorInfo;
import com.google.rpc.Help;
import com.google.rpc.LocalizedMessage;
import com.google.rpc.PreconditionFailure;
import com.google.rpc.QuotaFailure;
import com.google.rpc.ResourceInfo;
import com.google.rpc.RetryInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.io.PrintWriter;
import java.util.Locale;

/** Prints a gRPC error with its google.rpc details (BadRequest, RetryInfo, ErrorInfo, ...) for a person. */
final class StatusPrinter {

    private StatusPrinter() {}

    /** A failed call: code, message, and the details of its google.rpc.Status trailer when there is one. */
    static void print(PrintWriter err, String prefix, StatusRuntimeException e) {
        // fromThrowable answers for any exception with trailers, details or not: the cause must be printed anyway
        com.google.rpc.Status rich = StatusProto.fromThrowable(e);
        Status status = e.getStatus();
        if (rich != null) {
            print(err, prefix, rich);
        } else {
            err.println(prefix + status.getCode() + ": " + nullToEmpty(status.getDescription()));
        }
        // a failure on this side (connection refused, unknown host) is explained by the cause, not by "io exception"
        Throwable cause = status.getCause();
        if (cause != null) {
            err.println("  cause: " + (cause.getMessage() != null ? cause.getMessage() : cause.toString()));
        }
    }

    /** A google.rpc.Status, e.g. the per-item status of an EncodeResult. */
    static void print(PrintWriter err, String prefix, com.google.rpc.Status status) {
        err.println(prefix + Status.fromCodeValue(status.getCode()).getCode() + ": " + status.getMessage());
        for (Any detail : status.getDetailsList()) {
            printDetail(err, detail);
        }
    }

    private static void printDetail(PrintWriter err, Any detail) {
        try {
            if (detail.is(BadRequest.class)) {
                for (BadRequest.FieldViolation v :
                        detail.unpack(BadRequest.class).getFieldViolationsList()) {
                    err.println("  field violation: " + v.getField() + ": " + v.getDescription());
                }
            } else if (detail.is(RetryInfo.class)) {
                com.google.protobuf.Duration d = detail.unpack(RetryInfo.class).getRetryDelay();
                double seconds = d.getSeconds() + d.getNanos() / 1e9;
                err.println("  retry after: " + String.format(Locale.ROOT, "%.3fs", seconds));
            } else if (detail.is(ErrorInfo.class)) {
                ErrorInfo info = detail.unpack(ErrorInfo.class);
                StringBuilder line = new StringBuilder("  reason: ").append(info.getReason());
                if (!info.getDomain().isEmpty()) {
                    line.append(" (").append(info.getDomain()).append(')');
                }
                err.println(line);
                info.getMetadataMap().forEach((k, v) -> err.println("    " + k + ": " + v));
            } else if (detail.is(PreconditionFailure.class)) {
                for (PreconditionFailure.Violation v :
                        detail.unpack(PreconditionFailure.class).getViolationsList()) {
                    err.println("  precondition failure: " + v.getType() + " " + v.getSubject() + ": "
                            + v.getDescription());
                }
            } else if (detail.is(QuotaFailure.class)) {
                for (QuotaFailure.Violation v :
                        detail.unpack(QuotaFailure.class).getViolationsList()) {
                    err.println("  quota failure: " + v.getSubject() + ": " + v.getDescription());
                }
            } else if (detail.is(ResourceInfo.class)) {
                ResourceInfo r = detail.unpack(ResourceInfo.class);
                err.println(
                        "  resource: " + r.getResourceType() + " " + r.getResourceName() + " " + r.getDescription());
            } else if (detail.is(Help.class)) {
                for (Help.Link link : detail.unpack(Help.class).getLinksList()) {
                    err.println("  help: " + link.getDescription() + " " + link.getUrl());
                }
            } else if (detail.is(LocalizedMessage.class)) {
                err.println(
                        "  message: " + detail.unpack(LocalizedMessage.class).getMessage());
            } else if (detail.is(DebugInfo.class)) {
                err.println("  debug: " + detail.unpack(DebugInfo.class).getDetail());
            } else {
                err.println("  detail: " + detail.getTypeUrl());
            }
        } catch (InvalidProtocolBufferException e) {
            err.println("  detail: " + detail.getTypeUrl() + " (unreadable: " + e.getMessage() + ")");
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}

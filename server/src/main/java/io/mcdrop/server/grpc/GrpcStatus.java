package io.mcdrop.server.grpc;

import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import com.google.rpc.RetryInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.mcdrop.errors.McdropException;
import io.mcdrop.server.errors.ErrorStatus;
import io.mcdrop.server.errors.ServerBusyException;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one translation of mcdrop's errors into gRPC statuses. It starts from the server's one
 * mapping of error codes to HTTP statuses ({@link ErrorStatus}), so REST and gRPC always agree:
 * 400/422 INVALID_ARGUMENT, 404 NOT_FOUND, 429 RESOURCE_EXHAUSTED and 503 UNAVAILABLE (both with a
 * {@code google.rpc.RetryInfo} detail), anything else INTERNAL with no internals in the message.
 */
final class GrpcStatus {
  private static final Logger LOG = LoggerFactory.getLogger(GrpcStatus.class);

  private GrpcStatus() {}

  static StatusRuntimeException of(Throwable error) {
    Throwable t = error;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof StatusRuntimeException s) {
      return s;
    }
    if (t instanceof ServerBusyException b) {
      Status.Code code =
          b.status().getCode() == 429 ? Status.Code.RESOURCE_EXHAUSTED : Status.Code.UNAVAILABLE;
      return withRetry(code, b.getMessage(), b.retryAfterSeconds());
    }
    if (t instanceof McdropException m) {
      int http = ErrorStatus.of(m.code()).getCode();
      Status.Code code = fromHttp(http);
      if (code == Status.Code.INTERNAL) {
        LOG.error("gRPC request failed: {}", m.getMessage(), m);
      }
      return code.toStatus().withDescription(m.getMessage()).asRuntimeException();
    }
    LOG.error("gRPC request failed unexpectedly", t);
    return Status.INTERNAL
        .withDescription("internal server error; see the server log")
        .asRuntimeException();
  }

  /** HTTP status to gRPC code, as the gRPC project's own HTTP mapping reads in reverse. */
  static Status.Code fromHttp(int http) {
    return switch (http) {
      case 400, 413, 422 -> Status.Code.INVALID_ARGUMENT;
      case 401 -> Status.Code.UNAUTHENTICATED;
      case 403 -> Status.Code.PERMISSION_DENIED;
      case 404 -> Status.Code.NOT_FOUND;
      case 429 -> Status.Code.RESOURCE_EXHAUSTED;
      case 503 -> Status.Code.UNAVAILABLE;
      default -> Status.Code.INTERNAL;
    };
  }

  private static StatusRuntimeException withRetry(Status.Code code, String message, int seconds) {
    com.google.rpc.Status status =
        com.google.rpc.Status.newBuilder()
            .setCode(code.value())
            .setMessage(message)
            .addDetails(
                Any.pack(
                    RetryInfo.newBuilder()
                        .setRetryDelay(Duration.newBuilder().setSeconds(seconds))
                        .build()))
            .build();
    return StatusProto.toStatusRuntimeException(status);
  }
}

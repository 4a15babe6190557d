package io.mcdrop.server.metrics;

import io.mcdrop.errors.McdropException;
import io.mcdrop.server.errors.ErrorStatus;
import io.mcdrop.server.errors.ServerBusyException;
import jakarta.inject.Singleton;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Times an asynchronous inference call for the metrics and hands back a future whose failure is the
 * original exception (not a CompletionException), so the exception handlers see it.
 */
@Singleton
public final class RequestTimer {
  private final ServerMetrics metrics;

  public RequestTimer(ServerMetrics metrics) {
    this.metrics = metrics;
  }

  public <T> CompletableFuture<T> time(String model, String endpoint, CompletableFuture<T> call) {
    long start = System.nanoTime();
    CompletableFuture<T> out = new CompletableFuture<>();
    call.whenComplete(
        (value, error) -> {
          Throwable cause = unwrap(error);
          metrics.request(model, endpoint, status(cause), System.nanoTime() - start);
          if (cause == null) {
            out.complete(value);
          } else {
            out.completeExceptionally(cause);
          }
        });
    return out;
  }

  private static Throwable unwrap(Throwable t) {
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static int status(Throwable t) {
    if (t == null) {
      return 200;
    }
    if (t instanceof McdropException m) {
      return ErrorStatus.of(m.code()).getCode();
    }
    if (t instanceof ServerBusyException b) {
      return b.status().getCode();
    }
    return 500;
  }
}

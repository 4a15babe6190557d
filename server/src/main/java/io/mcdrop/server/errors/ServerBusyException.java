package io.mcdrop.server.errors;

import io.micronaut.http.HttpStatus;

/**
 * The server cannot take the request now (queue full: 429; shutting down, still loading or timed
 * out: 503). The client should retry after {@link #retryAfterSeconds()}.
 */
public final class ServerBusyException extends RuntimeException {
  private final HttpStatus status;
  private final int retryAfterSeconds;

  public ServerBusyException(HttpStatus status, int retryAfterSeconds, String message) {
    super(message, null, false, false);
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public static ServerBusyException queueFull(int capacity, long waitedMillis) {
    return new ServerBusyException(
        HttpStatus.TOO_MANY_REQUESTS,
        1,
        "server busy: "
            + capacity
            + " requests are already queued and no slot freed within "
            + waitedMillis
            + " ms; retry later");
  }

  public static ServerBusyException shuttingDown() {
    return new ServerBusyException(
        HttpStatus.SERVICE_UNAVAILABLE, 5, "server is shutting down; retry on another instance");
  }

  public static ServerBusyException timedOut(long millis, boolean ran) {
    return new ServerBusyException(
        HttpStatus.SERVICE_UNAVAILABLE,
        1,
        "request timed out after "
            + millis
            + " ms and was cancelled"
            + (ran ? " (its result was discarded)" : " before it ran")
            + "; ask for fewer samples or retry when the server is less busy");
  }

  public HttpStatus status() {
    return status;
  }

  public int retryAfterSeconds() {
    return retryAfterSeconds;
  }
}

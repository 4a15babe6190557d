package io.mcdrop.server.errors;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** 429 or 503 with {@code Retry-After}, so clients back off instead of hammering. */
@Produces
@Singleton
public final class ServerBusyHandler
    implements ExceptionHandler<ServerBusyException, HttpResponse<ApiError>> {

  @Override
  public HttpResponse<ApiError> handle(HttpRequest request, ServerBusyException e) {
    String code = e.status().getCode() == 429 ? "BUSY" : "UNAVAILABLE";
    return ErrorResponses.of(request, e.status(), e.getMessage(), code)
        .header(HttpHeaders.RETRY_AFTER, Integer.toString(e.retryAfterSeconds()));
  }
}

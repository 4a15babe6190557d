package io.mcdrop.server.errors;

import io.mcdrop.errors.McdropException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns mcdrop's typed errors into JSON responses with the status {@link ErrorStatus} gives. */
@Produces
@Singleton
public final class McdropExceptionHandler
    implements ExceptionHandler<McdropException, HttpResponse<ApiError>> {
  private static final Logger LOG = LoggerFactory.getLogger(McdropExceptionHandler.class);

  @Override
  public HttpResponse<ApiError> handle(HttpRequest request, McdropException e) {
    HttpStatus status = ErrorStatus.of(e.code());
    if (status.getCode() >= 500) {
      LOG.error("{} {} failed: {}", request.getMethod(), request.getPath(), e.getMessage(), e);
    }
    return ErrorResponses.of(
        request, status, FrameworkMessages.withoutObjects(e.getMessage()), e.code().name());
  }
}

package io.mcdrop.server.errors;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;

/** Builds error responses, so every error has the same shape. */
public final class ErrorResponses {
  private ErrorResponses() {}

  public static MutableHttpResponse<ApiError> of(
      HttpRequest<?> request, HttpStatus status, String message, String code) {
    return HttpResponse.<ApiError>status(status)
        .contentType(MediaType.APPLICATION_JSON_TYPE)
        .body(new ApiError(message, isV2(request) ? null : code));
  }

  /** Open Inference Protocol paths carry nothing but {@code error} in error bodies. */
  static boolean isV2(HttpRequest<?> request) {
    String path = request == null ? "" : request.getPath();
    return path.equals("/v2") || path.startsWith("/v2/");
  }
}

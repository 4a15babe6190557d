package io.mcdrop.server.errors;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Errors the framework raises itself (no such route, wrong method or content type, body too large,
 * malformed JSON) get the same JSON shape as ours instead of Micronaut's HATEOAS or HTML pages.
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
public final class JsonErrorProcessor implements ErrorResponseProcessor<ApiError> {
  private static final Logger LOG = LoggerFactory.getLogger(JsonErrorProcessor.class);
  private final long maxRequestSize;

  public JsonErrorProcessor(
      @Value("${micronaut.server.max-request-size:10485760}") long maxRequestSize) {
    this.maxRequestSize = maxRequestSize;
  }

  @Override
  @SuppressWarnings("unchecked")
  public MutableHttpResponse<ApiError> processResponse(
      ErrorContext context, MutableHttpResponse<?> response) {
    HttpStatus status = response.getStatus();
    String message = message(context, status);
    return ((MutableHttpResponse<ApiError>) response)
        .contentType(MediaType.APPLICATION_JSON_TYPE)
        .body(
            new ApiError(
                message, ErrorResponses.isV2(context.getRequest()) ? null : codeOf(status)));
  }

  private String message(ErrorContext context, HttpStatus status) {
    return switch (status) {
      case REQUEST_ENTITY_TOO_LARGE ->
          "request body too large: the limit is "
              + (maxRequestSize / (1024 * 1024))
              + " MB ("
              + maxRequestSize
              + " bytes)";
      case NOT_FOUND ->
          "no such endpoint: "
              + context.getRequest().getPath()
              + " (see /openapi.yml for the API, / for the web page)";
      case INTERNAL_SERVER_ERROR -> {
        // Never leak internals to the client; the log has the details.
        context
            .getRootCause()
            .ifPresent(t -> LOG.error("unexpected error on {}", context.getRequest().getPath(), t));
        yield "internal server error; see the server log";
      }
      default -> {
        String joined =
            context.getErrors().stream().map(Error::getMessage).collect(Collectors.joining("; "));
        yield joined.isBlank() ? status.getReason() : joined;
      }
    };
  }

  private static String codeOf(HttpStatus status) {
    return switch (status) {
      case REQUEST_ENTITY_TOO_LARGE -> "TOO_LARGE";
      case UNSUPPORTED_MEDIA_TYPE -> "UNSUPPORTED_MEDIA_TYPE";
      case NOT_FOUND -> "NOT_FOUND";
      case METHOD_NOT_ALLOWED -> "METHOD_NOT_ALLOWED";
      case UNAUTHORIZED -> "UNAUTHORIZED";
      case INTERNAL_SERVER_ERROR -> "INTERNAL";
      default -> "BAD_REQUEST";
    };
  }
}

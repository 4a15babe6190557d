package io.mcdrop.server.errors;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.http.server.netty.NettyHttpRequest;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
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
  private final int maxLine;
  private final int maxHeaders;

  public JsonErrorProcessor(
      @Value("${micronaut.server.max-request-size:10485760}") long maxRequestSize,
      @Value("${micronaut.server.netty.max-initial-line-length:4096}") int maxLine,
      @Value("${micronaut.server.netty.max-header-size:8192}") int maxHeaders) {
    this.maxRequestSize = maxRequestSize;
    this.maxLine = maxLine;
    this.maxHeaders = maxHeaders;
  }

  @Override
  @SuppressWarnings("unchecked")
  public MutableHttpResponse<ApiError> processResponse(
      ErrorContext context, MutableHttpResponse<?> response) {
    HttpStatus status = refine(context, response.getStatus());
    if (status != response.getStatus()) {
      response.status(status);
    }
    String message = message(context, status);
    return ((MutableHttpResponse<ApiError>) response)
        .contentType(MediaType.APPLICATION_JSON_TYPE)
        .body(
            new ApiError(
                message, ErrorResponses.isV2(context.getRequest()) ? null : codeOf(status)));
  }

  /**
   * Netty reports a too long request line or header block as a too long frame, which the framework
   * answers as 413 "body too large": say which part was too long instead.
   */
  private static HttpStatus refine(ErrorContext context, HttpStatus status) {
    if (status == HttpStatus.REQUEST_ENTITY_TOO_LARGE
        && context.getRequest() instanceof NettyHttpRequest<?> n) {
      Throwable cause = n.getNativeRequest().decoderResult().cause();
      if (cause instanceof TooLongHttpLineException) {
        return HttpStatus.REQUEST_URI_TOO_LONG;
      }
      if (cause instanceof TooLongHttpHeaderException) {
        return HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
      }
    }
    return status;
  }

  private String message(ErrorContext context, HttpStatus status) {
    return switch (status) {
      case REQUEST_URI_TOO_LONG ->
          "request line too long: keep the URL (path and query) under " + maxLine + " bytes";
      case REQUEST_HEADER_FIELDS_TOO_LARGE ->
          "request headers too large: keep them under " + maxHeaders + " bytes in total";
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
            context.getErrors().stream()
                .map(Error::getMessage)
                .map(FrameworkMessages::clean)
                .collect(Collectors.joining("; "));
        yield joined.isBlank() ? status.getReason() : joined;
      }
    };
  }

  private static String codeOf(HttpStatus status) {
    return switch (status) {
      case REQUEST_ENTITY_TOO_LARGE, REQUEST_URI_TOO_LONG, REQUEST_HEADER_FIELDS_TOO_LARGE ->
          "TOO_LARGE";
      case UNSUPPORTED_MEDIA_TYPE -> "UNSUPPORTED_MEDIA_TYPE";
      case NOT_FOUND -> "NOT_FOUND";
      case METHOD_NOT_ALLOWED -> "METHOD_NOT_ALLOWED";
      case UNAUTHORIZED -> "UNAUTHORIZED";
      case INTERNAL_SERVER_ERROR -> "INTERNAL";
      default -> "BAD_REQUEST";
    };
  }
}

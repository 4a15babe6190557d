package io.mcdrop.server.web;

import io.mcdrop.server.errors.ErrorResponses;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.http.server.annotation.PreMatching;
import java.util.regex.Pattern;

/**
 * Requests the routes cannot answer well get a clear JSON error before they reach them: TRACE (405,
 * never the web page), a CORS preflight while cross-origin requests are off (403 that says so, not
 * an empty body), and a classify upload without a Content-Type (415 naming the accepted types, not
 * "more than one route matched").
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public final class RequestGuardFilter implements Ordered {
  private static final Pattern CLASSIFY = Pattern.compile("^/api/v1/models/[^/]+/classify/?$");
  private final boolean corsEnabled;

  public RequestGuardFilter(@Value("${micronaut.server.cors.enabled:false}") boolean corsEnabled) {
    this.corsEnabled = corsEnabled;
  }

  @RequestFilter
  @PreMatching
  @Nullable
  public HttpResponse<?> check(HttpRequest<?> request) {
    HttpMethod method = request.getMethod();
    if (method == HttpMethod.TRACE) {
      return ErrorResponses.of(
              request,
              HttpStatus.METHOD_NOT_ALLOWED,
              "TRACE is not supported by this server",
              "METHOD_NOT_ALLOWED")
          .header(HttpHeaders.ALLOW, "GET, HEAD, POST, OPTIONS");
    }
    if (!corsEnabled
        && method == HttpMethod.OPTIONS
        && request.getHeaders().contains(HttpHeaders.ORIGIN)
        && request.getHeaders().contains(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD)) {
      return ErrorResponses.of(
          request,
          HttpStatus.FORBIDDEN,
          "cross-origin requests are not enabled on this server: call it from the same origin"
              + " (its own web page, or a server-side client), or have the operator enable CORS"
              + " for your origin",
          "CORS_DISABLED");
    }
    if (method == HttpMethod.POST
        && request.getContentType().isEmpty()
        && CLASSIFY.matcher(request.getPath()).matches()) {
      return ErrorResponses.of(
          request,
          HttpStatus.UNSUPPORTED_MEDIA_TYPE,
          "the request has no Content-Type: upload the image as multipart/form-data (field"
              + " 'image'), or send its bytes as the body with Content-Type image/png, image/jpeg,"
              + " image/gif, image/bmp or application/octet-stream",
          "UNSUPPORTED_MEDIA_TYPE");
    }
    return null;
  }

  @Override
  public int getOrder() {
    return ServerFilterPhase.FIRST.order();
  }
}

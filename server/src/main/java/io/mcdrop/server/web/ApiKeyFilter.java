package io.mcdrop.server.web;

import io.mcdrop.server.config.ServerConfig;
import io.mcdrop.server.errors.ErrorResponses;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpAttributes;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.management.health.indicator.HealthResult;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Principal;
import java.util.Base64;
import java.util.Map;

/**
 * With an API key configured, every request except health checks must carry it: {@code X-API-Key:
 * KEY}, {@code Authorization: Bearer KEY}, or HTTP Basic with KEY as the password. Browsers asking
 * for the web page get a Basic challenge, so a person can type the key once and the page's own
 * calls then carry it. Health checks need no key, but show their details (model files, failures,
 * disk space) only to a request that carries it (or to everyone when no key is configured).
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public final class ApiKeyFilter implements io.micronaut.core.order.Ordered {
  static final String HEADER = "X-API-Key";
  private static final Principal KEY_HOLDER = () -> "api-key";
  private final byte[] key;

  public ApiKeyFilter(ServerConfig config) {
    this.key = config.apiKey() == null ? null : config.apiKey().getBytes(StandardCharsets.UTF_8);
  }

  @RequestFilter
  @Nullable
  public HttpResponse<?> check(HttpRequest<?> request) {
    if (key == null || matches(presented(request))) {
      // Health details (model files, disk space) are shown only to such requests.
      request.setAttribute(HttpAttributes.PRINCIPAL, KEY_HOLDER);
      return null;
    }
    if (exempt(request.getPath())) {
      return null;
    }
    var response =
        ErrorResponses.of(
            request,
            HttpStatus.UNAUTHORIZED,
            "missing or wrong API key: send it as 'X-API-Key: <key>' or 'Authorization: Bearer"
                + " <key>'",
            "UNAUTHORIZED");
    if (isPage(request.getPath())) {
      response.header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"mcdrop\", charset=\"UTF-8\"");
    }
    return response;
  }

  /**
   * Health answers to a request without the key keep only their status: the details name model
   * files, load failures and disk space.
   */
  @ResponseFilter
  @SuppressWarnings("unchecked")
  public void hideHealthDetails(HttpRequest<?> request, MutableHttpResponse<?> response) {
    if (key == null
        || !request.getPath().startsWith("/health")
        || request.getAttribute(HttpAttributes.PRINCIPAL).isPresent()) {
      return;
    }
    if (response.body() instanceof HealthResult h) {
      ((MutableHttpResponse<Object>) response).body(Map.of("status", h.getStatus().getName()));
    }
  }

  static boolean exempt(String path) {
    return path.equals("/health")
        || path.startsWith("/health/")
        || path.equals("/v2/health/live")
        || path.equals("/v2/health/ready");
  }

  private static boolean isPage(String path) {
    return !path.startsWith("/api/") && !path.startsWith("/v2");
  }

  private static String presented(HttpRequest<?> request) {
    String header = request.getHeaders().get(HEADER);
    if (header != null) {
      return header.trim();
    }
    String auth = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
    if (auth == null) {
      return null;
    }
    if (auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return auth.substring(7).trim();
    }
    if (auth.regionMatches(true, 0, "Basic ", 0, 6)) {
      try {
        String decoded =
            new String(
                Base64.getDecoder().decode(auth.substring(6).trim()), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        return colon >= 0 ? decoded.substring(colon + 1) : decoded;
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
    return null;
  }

  private boolean matches(String presented) {
    // Constant-time comparison: the time taken says nothing about how much of the key matched.
    return presented != null
        && MessageDigest.isEqual(key, presented.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public int getOrder() {
    return ServerFilterPhase.SECURITY.order();
  }
}

package io.mcdrop.server.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** A real HTTP client (the JDK's) against a running server; responses with parsed JSON. */
public final class Http {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI base;
  private final Map<String, String> headers;

  public Http(URI base) {
    this(base, Map.of());
  }

  public Http(URI base, Map<String, String> headers) {
    this.base = base;
    this.headers = headers;
  }

  public Http withHeaders(Map<String, String> h) {
    return new Http(base, h);
  }

  /** A response: status, headers and body, with the body parsed as JSON on demand. */
  public record Response(int status, java.net.http.HttpHeaders headers, String body) {
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON (status " + status + "): " + body, e);
      }
    }

    public String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }

  public Response get(String path) {
    return send(request(path).GET().build());
  }

  public Response postJson(String path, String json) {
    return post(path, "application/json", json.getBytes(StandardCharsets.UTF_8));
  }

  public Response post(String path, String contentType, byte[] body) {
    HttpRequest.Builder b = request(path).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return send(b.build());
  }

  /** Sends without blocking a thread per request, so a test can have many requests in flight. */
  public java.util.concurrent.CompletableFuture<Response> postAsync(
      String path, String contentType, byte[] body) {
    HttpRequest.Builder b = request(path).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return client
        .sendAsync(b.build(), HttpResponse.BodyHandlers.ofString())
        .thenApply(resp -> new Response(resp.statusCode(), resp.headers(), resp.body()));
  }

  /** One part of a multipart/form-data body: a file (with a file name) or a text field. */
  public record Part(String field, String filename, byte[] bytes) {
    public static Part file(String field, String filename, byte[] bytes) {
      return new Part(field, filename, bytes);
    }

    public static Part text(String field, String value) {
      return new Part(field, null, value.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** A multipart/form-data upload of the given parts, in order. */
  public Response multipartParts(String path, java.util.List<Part> parts) {
    String boundary = "mcdropTestBoundary" + System.nanoTime();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Part p : parts) {
      String head =
          "--"
              + boundary
              + "\r\nContent-Disposition: form-data; name=\""
              + p.field()
              + "\""
              + (p.filename() == null
                  ? "\r\n\r\n"
                  : "; filename=\""
                      + p.filename()
                      + "\"\r\nContent-Type: application/octet-stream\r\n\r\n");
      out.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
      out.writeBytes(p.bytes());
      out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    return post(path, "multipart/form-data; boundary=" + boundary, out.toByteArray());
  }

  public Response options(String path) {
    return method("OPTIONS", path);
  }

  /** A request with any method and no body. */
  public Response method(String method, String path) {
    return send(request(path).method(method, HttpRequest.BodyPublishers.noBody()).build());
  }

  /** A multipart/form-data upload with one file field. */
  public Response multipart(String path, String field, String filename, byte[] bytes) {
    String boundary = "mcdropTestBoundary" + System.nanoTime();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String head =
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\""
            + field
            + "\"; filename=\""
            + filename
            + "\"\r\nContent-Type: application/octet-stream\r\n\r\n";
    out.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(bytes);
    out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    return post(path, "multipart/form-data; boundary=" + boundary, out.toByteArray());
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60));
    headers.forEach(b::header);
    return b;
  }

  private Response send(HttpRequest r) {
    try {
      HttpResponse<String> resp = client.send(r, HttpResponse.BodyHandlers.ofString());
      return new Response(resp.statusCode(), resp.headers(), resp.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

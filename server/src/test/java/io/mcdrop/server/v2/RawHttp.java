package io.mcdrop.server.v2;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 spoken by hand over a socket: the request is exactly the bytes the test assembles (as
 * the binary extension's specification shows them), the response is read raw. A server that does
 * not answer within the read timeout fails the test instead of hanging it.
 */
final class RawHttp {
  private static final int READ_TIMEOUT_MS = 30_000;
  private final URI base;

  RawHttp(URI base) {
    this.base = base;
  }

  /** A raw response: status, headers (lower-case names) and body bytes. */
  record Response(int status, Map<String, String> headers, byte[] body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      return status + " " + headers + " " + text();
    }
  }

  /**
   * POSTs {@code json} followed by {@code binary}; {@code headerLength} is sent as {@code
   * Inference-Header-Content-Length} unless null.
   */
  Response post(String path, String contentType, byte[] json, byte[] binary, Object headerLength) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(json);
    body.writeBytes(binary);
    StringBuilder head = new StringBuilder();
    head.append("POST ").append(path).append(" HTTP/1.1\r\n");
    head.append("Host: ").append(base.getHost()).append(':').append(base.getPort()).append("\r\n");
    if (contentType != null) {
      head.append("Content-Type: ").append(contentType).append("\r\n");
    }
    if (headerLength != null) {
      head.append("Inference-Header-Content-Length: ").append(headerLength).append("\r\n");
    }
    head.append("Content-Length: ").append(body.size()).append("\r\n");
    head.append("Connection: close\r\n\r\n");
    try (Socket s = new Socket(base.getHost(), base.getPort())) {
      s.setSoTimeout(READ_TIMEOUT_MS);
      OutputStream out = s.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
      out.write(body.toByteArray());
      out.flush();
      return parse(s.getInputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Response parse(InputStream in) throws IOException {
    byte[] all = in.readAllBytes();
    int end = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    if (end < 0) {
      throw new AssertionError("no HTTP response head in " + all.length + " bytes");
    }
    String[] lines = new String(all, 0, end, StandardCharsets.US_ASCII).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int c = lines[i].indexOf(':');
      headers.put(
          lines[i].substring(0, c).trim().toLowerCase(Locale.ROOT),
          lines[i].substring(c + 1).trim());
    }
    byte[] body = Arrays.copyOfRange(all, end + 4, all.length);
    String length = headers.get("content-length");
    if (length != null) {
      body = Arrays.copyOf(body, Integer.parseInt(length));
    } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = dechunk(body);
    }
    return new Response(status, headers, body);
  }

  private static byte[] dechunk(byte[] b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int at = 0;
    while (true) {
      int eol = indexOf(Arrays.copyOfRange(b, at, b.length), "\r\n".getBytes());
      int size = Integer.parseInt(new String(b, at, eol, StandardCharsets.US_ASCII).trim(), 16);
      at += eol + 2;
      if (size == 0) {
        return out.toByteArray();
      }
      out.write(b, at, size);
      at += size + 2;
    }
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}

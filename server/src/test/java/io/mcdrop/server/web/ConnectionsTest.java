package io.mcdrop.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcdrop.server.support.TestImages;
import io.mcdrop.server.support.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Raw sockets that behave like hostile or impatient clients: uploads far over the limit that keep
 * sending, requests cut off mid-way. The client must see the answer and the end of the connection,
 * and the server must afterwards serve as before.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConnectionsTest {
  private static final String CLASSIFY = "/api/v1/models/cnn/classify";
  private TestServer server;

  @BeforeAll
  void start() throws Exception {
    server = TestServer.start(Map.of());
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
  }

  /** What a client that keeps sending saw: the answer's bytes, and whether the server closed. */
  record Seen(String answer, boolean closed, long sent) {}

  private Seen keepSending(String contentType, long length) throws Exception {
    try (Socket s = new Socket("127.0.0.1", server.server.port())) {
      s.setSoTimeout((int) TimeUnit.SECONDS.toMillis(30));
      OutputStream out = s.getOutputStream();
      out.write(
          ("POST "
                  + CLASSIFY
                  + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                  + contentType
                  + "\r\nContent-Length: "
                  + length
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      AtomicLong sent = new AtomicLong();
      CompletableFuture<Void> writer =
          CompletableFuture.runAsync(
              () -> {
                byte[] chunk = new byte[64 * 1024];
                try {
                  while (sent.get() < length) {
                    int n = (int) Math.min(chunk.length, length - sent.get());
                    out.write(chunk, 0, n);
                    sent.addAndGet(n);
                  }
                } catch (IOException e) {
                  // the server closed: expected once it has answered
                }
              });
      InputStream in = s.getInputStream();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      boolean closed = false;
      byte[] buf = new byte[8192];
      try {
        for (int n; (n = in.read(buf)) >= 0; ) {
          answer.write(buf, 0, n);
        }
        closed = true;
      } catch (SocketTimeoutException e) {
        closed = false;
      }
      writer.get(60, TimeUnit.SECONDS);
      return new Seen(answer.toString(StandardCharsets.ISO_8859_1), closed, sent.get());
    }
  }

  @Test
  void anUploadOverTheLimitIsAnsweredAndTheConnectionClosedWhileTheClientKeepsSending()
      throws Exception {
    for (String type : new String[] {"multipart/form-data; boundary=xyz", "image/png"}) {
      Seen seen = keepSending(type, 12L * 1024 * 1024);
      assertTrue(seen.answer().startsWith("HTTP/1.1 413"), type + ": " + seen.answer());
      assertTrue(seen.answer().toLowerCase().contains("connection: close"), seen.answer());
      assertTrue(seen.answer().contains("too large"), seen.answer());
      assertTrue(seen.closed(), type + ": the server never closed the connection");
    }
    assertServes();
  }

  @Test
  void a200MbUploadAndAThousandDroppedConnectionsLeaveTheServerAsItWas() throws Exception {
    Seen seen = keepSending("image/png", 200L * 1024 * 1024);
    assertTrue(seen.answer().startsWith("HTTP/1.1 413"), seen.answer());
    assertTrue(seen.closed());
    for (int i = 0; i < 1000; i++) {
      try (Socket s = new Socket("127.0.0.1", server.server.port())) {
        OutputStream out = s.getOutputStream();
        String head =
            "POST "
                + CLASSIFY
                + " HTTP/1.1\r\nHost: x\r\nContent-Type: image/png\r\n"
                + "Content-Length: 5000\r\n\r\n";
        // Cut off at different points: in the request line, the headers, or the body.
        int cut = i % 3 == 0 ? 10 : i % 3 == 1 ? head.length() - 20 : head.length();
        out.write(head.substring(0, cut).getBytes(StandardCharsets.US_ASCII));
        if (i % 3 == 2) {
          out.write(TestImages.png(i), 0, 40);
        }
        out.flush();
        if (i % 2 == 0) {
          s.setSoLinger(true, 0); // reset instead of a clean close
        }
      }
    }
    assertServes();
    assertEquals(200, server.http.get("/v2/health/ready").status());
  }

  @Test
  void aTooLongRequestLineIsAnsweredAndTheConnectionClosed() throws Exception {
    try (Socket s = new Socket("127.0.0.1", server.server.port())) {
      s.setSoTimeout((int) TimeUnit.SECONDS.toMillis(30));
      s.getOutputStream()
          .write(
              ("GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      assertTrue(answer.matches("(?s)HTTP/1\\.[01] 414 .*"), answer);
    }
    assertServes();
  }

  private void assertServes() {
    assertEquals(
        200, server.http.post(CLASSIFY + "?samples=3", "image/png", TestImages.png(1)).status());
  }
}

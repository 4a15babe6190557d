package io.mcdrop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcdrop.onnx.OnnxModels;
import io.mcdrop.onnx.fixtures.FixtureModels;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mcdrop serve}: where it finds models, what it says without any, and a clean stop. */
class ServeCommandTest {
  @TempDir Path dir;

  @Test
  void anEmptyModelsDirectoryIsAClearErrorNotASilentStart() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    CliHarness.Run r = CliHarness.run("serve", "--models", empty.toString(), "--port", "0");
    assertEquals(ExitCodes.MODEL, r.exit(), r.err());
    assertTrue(r.err().contains("no .onnx models in"), r.err());
    assertTrue(r.err().contains("--models"), r.err());
  }

  @Test
  @Tag("e2e")
  void startedElsewhereItServesTheInstallationsModelsAndSigtermAfterADrainExits0()
      throws Exception {
    Path home = Files.createDirectories(dir.resolve("home"));
    Files.createDirectories(home.resolve("models"));
    OnnxModels.write(FixtureModels.smallCnn(7, 0.5f, 0f), home.resolve("models/cnn.onnx"));
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
                java,
                "-Xss16m",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "serve",
                "--port",
                "0")
            .directory(elsewhere.toFile())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(dir.resolve("serve.err").toFile());
    pb.environment().put("MCDROP_HOME", home.toString());
    Process proc = pb.start();
    try {
      String err = awaitLine(proc, dir.resolve("serve.err"), "mcdrop serve: serving");
      assertTrue(err.contains("serving 1 model(s): [cnn]"), err);
      Matcher m = Pattern.compile("listening on (http://\\S+) ").matcher(err);
      assertTrue(m.find(), err);
      HttpResponse<String> models =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(m.group(1)).resolve("/api/v1/models")).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertEquals(200, models.statusCode());
      proc.destroy(); // SIGTERM
      assertTrue(proc.waitFor(60, TimeUnit.SECONDS), "serve did not stop after SIGTERM");
      String all = Files.readString(dir.resolve("serve.err"));
      assertEquals(0, proc.exitValue(), all);
      assertTrue(all.contains("every request answered"), all);
    } finally {
      proc.destroyForcibly();
    }
  }

  /** Waits (bounded) until the process has written the line, or has died. */
  private static String awaitLine(Process proc, Path file, String line) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      String text = Files.exists(file) ? Files.readString(file) : "";
      if (text.contains(line)) {
        return text;
      }
      if (!proc.isAlive()) {
        throw new AssertionError("serve exited with " + proc.exitValue() + ":\n" + text);
      }
      proc.waitFor(20, TimeUnit.MILLISECONDS);
    }
    throw new AssertionError("no '" + line + "' within 120 s");
  }
}

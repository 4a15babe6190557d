package io.mcdrop.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The image tarball Jib wrote, read as an OCI image: its config (entrypoint, user, exposed ports)
 * and its layers (Java runtime, application, shipped model, non-root user). The e2e test then
 * unpacks the layers into a root file system and runs the server from it, as a container runtime
 * would (chroot as uid 65532 with /proc and /sys), and asks it for health and an inference.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImageTarballTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private Path work;
  private JsonNode config;
  private List<Path> layers = new ArrayList<>();
  private final Set<String> files = new HashSet<>();

  @BeforeAll
  void unpack() throws Exception {
    Path tar = Path.of(System.getProperty("image.tar", "target/mcdrop-server-image.tar"));
    assertTrue(Files.isRegularFile(tar), "no image tarball at " + tar);
    work = Files.createTempDirectory("mcdrop-image-test");
    run(List.of("tar", "-xf", tar.toString(), "-C", work.toString()));
    JsonNode manifest;
    if (Files.exists(work.resolve("index.json"))) {
      // OCI image layout: index -> manifest -> config and layers, all under blobs/.
      JsonNode index = JSON.readTree(work.resolve("index.json").toFile());
      manifest = JSON.readTree(blob(index.get("manifests").get(0).get("digest").asText()).toFile());
      config = JSON.readTree(blob(manifest.get("config").get("digest").asText()).toFile());
      for (JsonNode l : manifest.get("layers")) {
        layers.add(blob(l.get("digest").asText()));
      }
    } else {
      // Docker-loadable layout: manifest.json lists the config and layer files.
      manifest = JSON.readTree(work.resolve("manifest.json").toFile()).get(0);
      config = JSON.readTree(work.resolve(manifest.get("Config").asText()).toFile());
      for (JsonNode l : manifest.get("Layers")) {
        layers.add(work.resolve(l.asText()));
      }
    }
    for (Path layer : layers) {
      for (String line : run(List.of("tar", "-tzf", layer.toString())).split("\n")) {
        files.add(line.replaceFirst("^\\./", "").replaceFirst("^/", ""));
      }
    }
  }

  private Path blob(String digest) {
    return work.resolve("blobs").resolve(digest.replace(':', '/'));
  }

  @AfterAll
  void clean() throws IOException {
    if (work != null) {
      try (Stream<Path> s = Files.walk(work)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static String run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out: " + command);
    assertEquals(0, p.exitValue(), command + ": " + out);
    return out;
  }

  @Test
  void configRunsTheServerAsNonRootOnBothPorts() {
    JsonNode c = config.get("config");
    assertEquals("/opt/java/bin/java", c.get("Entrypoint").get(0).asText());
    assertTrue(c.get("Entrypoint").toString().contains("/app/mcdrop.jar"), c.toString());
    List<String> cmd = new ArrayList<>();
    c.get("Cmd").forEach(a -> cmd.add(a.asText()));
    assertEquals("serve", cmd.get(0));
    assertEquals("/models", cmd.get(cmd.indexOf("--models") + 1));
    assertEquals("0.0.0.0", cmd.get(cmd.indexOf("--host") + 1));
    assertEquals("8080", cmd.get(cmd.indexOf("--port") + 1));
    assertEquals("8081", cmd.get(cmd.indexOf("--grpc-port") + 1));
    assertEquals("65532:65532", c.get("User").asText());
    assertTrue(c.get("ExposedPorts").has("8080/tcp"), c.toString());
    assertTrue(c.get("ExposedPorts").has("8081/tcp"), c.toString());
    assertEquals("amd64", config.get("architecture").asText());
  }

  @Test
  void layersHoldTheRuntimeTheApplicationAndTheModel() {
    for (String f :
        List.of(
            "opt/java/bin/java",
            "opt/java/lib/server/libjvm.so",
            "app/mcdrop.jar",
            "models/fashion-cnn.onnx",
            "etc/passwd",
            "etc/machine-id",
            "lib64/ld-linux-x86-64.so.2",
            "lib/x86_64-linux-gnu/libc.so.6",
            "lib/x86_64-linux-gnu/libstdc++.so.6")) {
      assertTrue(files.contains(f), f + " is not in the image");
    }
    assertTrue(files.stream().noneMatch(f -> f.startsWith("bin/sh")), "no shell in the image");
  }

  @Test
  @Tag("e2e")
  void theImageServesFromItsOwnRootFileSystem() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "needs root for chroot");
    Path root = Files.createDirectories(work.resolve("rootfs"));
    for (Path layer : layers) {
      run(List.of("tar", "-xzf", layer.toString(), "-C", root.toString()));
    }
    assertEquals(
        "nonroot:x:65532:65532:mcdrop:/home/nonroot:/sbin/nologin",
        Files.readAllLines(root.resolve("etc/passwd")).get(1));
    int port = 20000 + (int) (ProcessHandle.current().pid() % 20000);
    run(List.of("mount", "-t", "proc", "proc", root.resolve("proc").toString()));
    Files.createDirectories(root.resolve("sys"));
    run(List.of("mount", "-t", "sysfs", "sysfs", root.resolve("sys").toString()));
    Process server = null;
    try {
      List<String> cmd =
          new ArrayList<>(List.of("chroot", "--userspec=65532:65532", root.toString()));
      config.get("config").get("Entrypoint").forEach(a -> cmd.add(a.asText()));
      cmd.addAll(
          List.of(
              "serve",
              "--models",
              "/models",
              "--host",
              "127.0.0.1",
              "--port",
              "" + port,
              "--grpc-port",
              "0"));
      server =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(work.resolve("server.log").toFile())
              .start();
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      URI base = URI.create("http://127.0.0.1:" + port);
      int status = 0;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (status != 200 && System.nanoTime() < deadline && server.isAlive()) {
        try {
          status =
              http.send(
                      HttpRequest.newBuilder(base.resolve("/v2/models/fashion-cnn/ready")).build(),
                      HttpResponse.BodyHandlers.discarding())
                  .statusCode();
        } catch (IOException notYet) {
          // Not listening yet: poll again (bounded by the deadline).
        }
        if (status != 200) {
          server.waitFor(200, TimeUnit.MILLISECONDS);
        }
      }
      assertEquals(200, status, Files.readString(work.resolve("server.log")));
      String pixels = "0.5,".repeat(783) + "0.5";
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(base.resolve("/v2/models/fashion-cnn/infer"))
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"parameters\":{\"mc_samples\":10},\"inputs\":[{\"name\":\"input\","
                              + "\"shape\":[1,1,28,28],\"datatype\":\"FP32\",\"data\":["
                              + pixels
                              + "]}]}"))
                  .header("Content-Type", "application/json")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), r.body());
      assertEquals(10, JSON.readTree(r.body()).get("parameters").get("mc_samples").asInt());
    } finally {
      if (server != null) {
        server.destroy();
        if (!server.waitFor(30, TimeUnit.SECONDS)) {
          server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      }
      run(List.of("umount", root.resolve("sys").toString()));
      run(List.of("umount", root.resolve("proc").toString()));
    }
  }
}

package io.mcdrop.spark.cluster;

import io.mcdrop.spark.session.SparkJvm;
import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Spark standalone cluster on 127.0.0.1: Spark's own {@code Master} and {@code Worker}
 * classes in separate JVMs, from the Spark jars of this JVM's class path. Workers need a Spark home
 * to launch executors; it is a folder with {@code jars/} (links to the jars) and an empty {@code
 * RELEASE} file, with {@code SPARK_SCALA_VERSION=2.13}.
 */
final class StandaloneCluster implements AutoCloseable {
  private final Path home;
  private final List<Process> processes = new ArrayList<>();
  private final int masterPort;
  private final int masterUi;

  private StandaloneCluster(Path home, int masterPort, int masterUi) {
    this.home = home;
    this.masterPort = masterPort;
    this.masterUi = masterUi;
  }

  /** Starts a master and {@code workers} workers of one core each; waits until all registered. */
  static StandaloneCluster start(Path dir, int workers, Duration bound) throws Exception {
    Path home = sparkHome(dir.resolve("spark-home"));
    StandaloneCluster c = new StandaloneCluster(home, freePort(), freePort());
    try {
      c.launch(
          dir.resolve("master.log"),
          "org.apache.spark.deploy.master.Master",
          "--host",
          "127.0.0.1",
          "--port",
          Integer.toString(c.masterPort),
          "--webui-port",
          Integer.toString(c.masterUi));
      for (int i = 0; i < workers; i++) {
        Path work = Files.createDirectories(dir.resolve("worker-" + i));
        c.launch(
            dir.resolve("worker-" + i + ".log"),
            "org.apache.spark.deploy.worker.Worker",
            c.url(),
            "--host",
            "127.0.0.1",
            "--cores",
            "1",
            "--memory",
            "900m",
            "--webui-port",
            Integer.toString(freePort()),
            "--work-dir",
            work.toString());
      }
      c.awaitWorkers(workers, Instant.now().plus(bound), dir);
      return c;
    } catch (Exception e) {
      c.close();
      throw e;
    }
  }

  String url() {
    return "spark://127.0.0.1:" + masterPort;
  }

  private void launch(Path log, String mainClass, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx256m");
    cmd.addAll(SparkJvm.OPENS);
    cmd.add("-cp");
    cmd.add(home.resolve("jars") + File.separator + "*");
    cmd.add(mainClass);
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    Map<String, String> env = pb.environment();
    env.put("SPARK_HOME", home.toString());
    env.put("SPARK_SCALA_VERSION", "2.13");
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    env.put("JAVA_HOME", System.getProperty("java.home"));
    processes.add(pb.start());
  }

  private void awaitWorkers(int n, Instant deadline, Path dir) throws Exception {
    Pattern alive = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)");
    while (true) {
      for (Process p : processes) {
        if (!p.isAlive()) {
          throw new IllegalStateException("a cluster process died; logs in " + dir);
        }
      }
      try {
        HttpURLConnection h =
            (HttpURLConnection)
                URI.create("http://127.0.0.1:" + masterUi + "/json/").toURL().openConnection();
        h.setConnectTimeout(1000);
        h.setReadTimeout(2000);
        String body = new String(h.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Matcher m = alive.matcher(body);
        if (m.find() && Integer.parseInt(m.group(1)) >= n) {
          return;
        }
      } catch (IOException notYet) {
        // the master's UI is not up yet
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(n + " workers did not register in time; logs in " + dir);
      }
      synchronized (this) {
        wait(200); // polling the master's state, not waiting for work to finish
      }
    }
  }

  /** Stops workers (and their executors) and the master. */
  @Override
  public void close() {
    for (int i = processes.size() - 1; i >= 0; i--) {
      Process p = processes.get(i);
      p.descendants().forEach(ProcessHandle::destroy);
      p.destroy();
    }
    for (Process p : processes) {
      try {
        if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
          p.descendants().forEach(ProcessHandle::destroyForcibly);
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    // the links to the jars, so that JUnit's temporary folder holds no links to warn about
    try (java.util.stream.Stream<Path> links = Files.list(home.resolve("jars"))) {
      for (Path l : links.toList()) {
        Files.deleteIfExists(l);
      }
    } catch (IOException ignored) {
      // JUnit deletes what is left
    }
  }

  /** A Spark home: {@code jars/} with links to every jar on this JVM's class path, RELEASE. */
  static Path sparkHome(Path home) throws IOException {
    Path jars = Files.createDirectories(home.resolve("jars"));
    Files.writeString(home.resolve("RELEASE"), "");
    Set<String> names = new HashSet<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path p = Path.of(entry);
      if (!entry.endsWith(".jar") || !Files.isRegularFile(p)) {
        continue;
      }
      String name = p.getFileName().toString();
      if (!names.add(name)) {
        name = names.size() + "-" + name;
        names.add(name);
      }
      Files.createSymbolicLink(jars.resolve(name), p.toAbsolutePath());
    }
    return home;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}

package io.mcdrop.server.bench;

import io.mcdrop.onnx.OnnxModels;
import io.mcdrop.runtime.mc.EngineConfig;
import io.mcdrop.runtime.mc.McEngine;
import io.mcdrop.runtime.mc.McOptions;
import io.mcdrop.runtime.preprocess.ImageLoader;
import io.mcdrop.runtime.preprocess.Preprocessing;
import io.mcdrop.server.McdropServer;
import io.mcdrop.server.ServerSettings;
import io.mcdrop.server.support.TestImages;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.imageio.ImageIO;

/**
 * {@code prepare DIR [MODEL.onnx]}: copies the model (or, when it is missing, writes a stand-in of
 * the same architecture, see {@link BenchModel}, and says so) to DIR/models and writes a test image
 * DIR/image.png of the model's size.
 *
 * <p>{@code engine MODEL IMAGE SAMPLES THREADS SECONDS}: the same work as one classify request
 * (decode the PNG, predict) in a loop on THREADS threads; prints throughput and latency.
 *
 * <p>{@code serve MODELS_DIR PORT MAX_BATCH}: runs the server until killed.
 */
public final class BenchMain {
  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "prepare" -> prepare(Path.of(args[1]), args.length > 2 ? Path.of(args[2]) : null);
      case "engine" ->
          engine(
              Path.of(args[1]),
              Path.of(args[2]),
              Integer.parseInt(args[3]),
              Integer.parseInt(args[4]),
              Integer.parseInt(args[5]));
      case "serve" ->
          serve(
              Path.of(args[1]),
              Integer.parseInt(args[2]),
              Integer.parseInt(args[3]),
              args.length > 4 ? Integer.parseInt(args[4]) : 0);
      default -> throw new IllegalArgumentException("unknown mode " + args[0]);
    }
  }

  private static void prepare(Path dir, Path model) throws Exception {
    Path models = Files.createDirectories(dir.resolve("models"));
    Path target;
    if (model != null && Files.isRegularFile(model)) {
      target = models.resolve(model.getFileName());
      Files.copy(model, target);
      System.out.println("MODEL " + target.getFileName().toString().replace(".onnx", ""));
      System.out.println("NOTE shipped model " + model);
    } else {
      target = models.resolve("fashion-shaped.onnx");
      OnnxModels.write(BenchModel.fashionShaped(7), target);
      System.out.println("MODEL fashion-shaped");
      System.out.println(
          "NOTE "
              + (model == null ? "no model given" : model + " not found")
              + ": used a stand-in with the shipped model's architecture and random weights");
    }
    try (McEngine e = McEngine.load(target, EngineConfig.defaults().withThreads(1))) {
      Preprocessing p = e.info().preprocessing();
      BufferedImage img = TestImages.image(42, p.width(), p.height());
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(img, "png", out);
      Files.write(dir.resolve("image.png"), out.toByteArray());
      System.out.println("STRATEGY " + e.resolve(io.mcdrop.runtime.mc.Strategy.AUTO).cliName());
    }
  }

  private static void engine(Path model, Path image, int samples, int threads, int seconds)
      throws Exception {
    byte[] png = Files.readAllBytes(image);
    try (McEngine engine = McEngine.load(model, EngineConfig.defaults().withThreads(1))) {
      Preprocessing pre = engine.info().preprocessing();
      McOptions options = McOptions.samples(samples);
      // Warm up the JIT and ONNX Runtime first, as the server's warm-up run does.
      runFor(engine, png, pre, options, threads, 3);
      long[] latencies = runFor(engine, png, pre, options, threads, seconds);
      Arrays.sort(latencies);
      System.out.printf(
          java.util.Locale.ROOT,
          "ENGINE threads=%d requests=%d rps=%.1f p50_ms=%.3f p99_ms=%.3f%n",
          threads,
          latencies.length,
          latencies.length / (double) seconds,
          latencies[latencies.length / 2] / 1e6,
          latencies[(int) (latencies.length * 0.99)] / 1e6);
    }
  }

  private static long[] runFor(
      McEngine engine, byte[] png, Preprocessing pre, McOptions options, int threads, int seconds)
      throws InterruptedException {
    AtomicBoolean stop = new AtomicBoolean();
    List<long[]> perThread = new ArrayList<>();
    List<Integer> counts = new ArrayList<>();
    List<Thread> ts = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      long[] lat = new long[500_000];
      perThread.add(lat);
      counts.add(0);
      int idx = t;
      // Large stacks: ONNX Runtime needs more than the default (see EngineThreads).
      Thread th =
          new Thread(
              null,
              () -> {
                int n = 0;
                while (!stop.get() && n < lat.length) {
                  long s = System.nanoTime();
                  engine.predict(ImageLoader.decode(png, "bench", pre), options);
                  lat[n++] = System.nanoTime() - s;
                }
                synchronized (counts) {
                  counts.set(idx, n);
                }
              },
              "bench-" + t,
              32L << 20);
      ts.add(th);
      th.start();
    }
    Thread.sleep(seconds * 1000L);
    stop.set(true);
    for (Thread t : ts) {
      t.join();
    }
    int total = counts.stream().mapToInt(Integer::intValue).sum();
    long[] all = new long[total];
    int at = 0;
    for (int t = 0; t < threads; t++) {
      System.arraycopy(perThread.get(t), 0, all, at, counts.get(t));
      at += counts.get(t);
    }
    return all;
  }

  private static void serve(Path models, int port, int maxBatch, int grpcPort) throws Exception {
    McdropServer server =
        McdropServer.start(
            ServerSettings.defaults()
                .withModels(models)
                .withPort(port)
                .with("mcdrop.server.max-batch", maxBatch)
                .with("mcdrop.server.queue-capacity", 256)
                .with("mcdrop.server.grpc.port", grpcPort));
    server.awaitModels(Duration.ofMinutes(5));
    CountDownLatch done = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  done.countDown();
                }));
    System.out.println("GRPC " + server.grpcPort());
    System.out.println("READY " + server.uri());
    System.out.flush();
    done.await();
  }
}

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
import java.util.function.Supplier;
import javax.imageio.ImageIO;

/**
 * {@code prepare DIR [MODEL.onnx]}: copies the model (or, when it is missing, writes a stand-in of
 * the same architecture, see {@link BenchModel}, and says so) to DIR/models and writes a test image
 * DIR/image.png of the model's size and DIR/predict.json, a native {@code /predict} body holding
 * {@link #tensor} (one input of the model's shape, as a client would send it).
 *
 * <p>{@code engine MODEL IMAGE SAMPLES THREADS SECONDS}: the same work as one classify request
 * (decode the PNG, predict) in a loop on THREADS threads; prints throughput and latency. With
 * {@code tensor} for IMAGE: the work of one {@code /predict} request (predict {@link #tensor}).
 *
 * <p>{@code serve MODELS_DIR PORT MAX_BATCH}: runs the server until killed.
 *
 * <p>{@code batches MODEL SAMPLES}: what one engine call of B inputs costs per input on one thread
 * (B = 1 to 32), i.e. what dynamic batching can save.
 */
public final class BenchMain {
  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "prepare" -> prepare(Path.of(args[1]), args.length > 2 ? Path.of(args[2]) : null);
      case "engine" ->
          engine(
              Path.of(args[1]),
              args[2],
              Integer.parseInt(args[3]),
              Integer.parseInt(args[4]),
              Integer.parseInt(args[5]));
      case "serve" ->
          serve(
              Path.of(args[1]),
              Integer.parseInt(args[2]),
              Integer.parseInt(args[3]),
              args.length > 4 ? Integer.parseInt(args[4]) : 0);
      case "batches" -> batches(Path.of(args[1]), Integer.parseInt(args[2]));
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
      float[] x = tensor(e.info().inputSize());
      StringBuilder body = new StringBuilder("{\"shape\":[1");
      for (long d : e.info().inputShape()) {
        body.append(',').append(d);
      }
      body.append("],\"data\":[");
      for (int i = 0; i < x.length; i++) {
        body.append(i == 0 ? "" : ",").append(x[i]);
      }
      Files.writeString(dir.resolve("predict.json"), body.append("]}").toString());
    }
  }

  /** The tensor of the {@code /predict} body: values in [0, 1], the same in every run. */
  static float[] tensor(int size) {
    float[] x = new float[size];
    for (int i = 0; i < size; i++) {
      x[i] = ((i * 37) % 255) / 255f;
    }
    return x;
  }

  private static void engine(Path model, String image, int samples, int threads, int seconds)
      throws Exception {
    byte[] png = image.equals("tensor") ? null : Files.readAllBytes(Path.of(image));
    try (McEngine engine = McEngine.load(model, EngineConfig.defaults().withThreads(1))) {
      Preprocessing pre = engine.info().preprocessing();
      float[] x = tensor(engine.info().inputSize());
      Supplier<float[]> input = png == null ? () -> x : () -> ImageLoader.decode(png, "bench", pre);
      McOptions options = McOptions.samples(samples);
      // Warm up the JIT and ONNX Runtime first, as the server's warm-up run does.
      runFor(engine, input, options, threads, 3);
      long[] latencies = runFor(engine, input, options, threads, seconds);
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

  private static void batches(Path model, int samples) throws Exception {
    try (McEngine engine = McEngine.load(model, EngineConfig.defaults().withThreads(1))) {
      McOptions options = McOptions.samples(samples);
      float[] x = tensor(engine.info().inputSize());
      for (int b : new int[] {1, 2, 3, 4, 6, 8, 12, 16, 24, 32}) {
        List<float[]> inputs = java.util.Collections.nCopies(b, x);
        int calls = Math.max(20, 4000 / b);
        for (int i = 0; i < calls; i++) {
          engine.predictAll(inputs, options);
        }
        double[] perInput = new double[5];
        for (int r = 0; r < perInput.length; r++) {
          long t0 = System.nanoTime();
          for (int i = 0; i < calls; i++) {
            engine.predictAll(inputs, options);
          }
          perInput[r] = (System.nanoTime() - t0) / 1e3 / calls / b;
        }
        Arrays.sort(perInput);
        System.out.printf(
            java.util.Locale.ROOT, "BATCH size=%d us_per_input=%.1f%n", b, perInput[2]);
      }
    }
  }

  private static long[] runFor(
      McEngine engine, Supplier<float[]> input, McOptions options, int threads, int seconds)
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
                  engine.predict(input.get(), options);
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

package io.mcdrop.server.bench;

import io.mcdrop.server.McdropServer;
import io.mcdrop.server.ServerSettings;
import java.net.URI;
import java.net.http.*;
import java.nio.file.*;
import java.time.Duration;
import java.util.*;
import java.util.concurrent.*;
import java.util.concurrent.atomic.*;

/**
 * A/B of dynamic batching: two servers in one JVM (max batch 32 and max batch 1) over the same
 * models, driven alternately in short slices at each concurrency, so load from anything else on the
 * machine hits both alike. Prints req/s of each and their ratio (a benchmark, not a test).
 *
 * <p>{@code AbBatching MODELS_DIR IMAGE.png CONCURRENCIES(1,8,32) SLICE_MS ROUNDS}; the model is
 * {@code fashion-cnn}.
 */
public class AbBatching {
  static final ExecutorService POOL = Executors.newCachedThreadPool();

  public static void main(String[] a) throws Exception {
    Path models = Path.of(a[0]);
    byte[] png = Files.readAllBytes(Path.of(a[1]));
    int[] concs = Arrays.stream(a[2].split(",")).mapToInt(Integer::parseInt).toArray();
    int sliceMs = Integer.parseInt(a[3]);
    int rounds = Integer.parseInt(a[4]);
    McdropServer b32 = start(models, 32), b1 = start(models, 1);
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newFixedThreadPool(64))
            .build();
    String path = "/api/v1/models/fashion-cnn/classify?samples=30";
    for (int c : concs) {
      run(client, b32.uri().resolve(path), png, c, 2000);
      run(client, b1.uri().resolve(path), png, c, 2000); // warm-up
      long n32 = 0, n1 = 0, e32 = 0, e1 = 0;
      for (int r = 0; r < rounds; r++) {
        long[] x = run(client, b32.uri().resolve(path), png, c, sliceMs);
        n32 += x[0];
        e32 += x[1];
        long[] y = run(client, b1.uri().resolve(path), png, c, sliceMs);
        n1 += y[0];
        e1 += y[1];
      }
      double s = rounds * sliceMs / 1000.0;
      System.out.printf(
          "c=%d  batching(max 32) %.1f req/s  no batching(max 1) %.1f req/s  ratio %.2f  errors %d/%d%n",
          c, n32 / s, n1 / s, (double) n32 / n1, e32, e1);
    }
    b32.close();
    b1.close();
    System.exit(0);
  }

  static McdropServer start(Path models, int maxBatch) throws Exception {
    McdropServer s =
        McdropServer.start(
            ServerSettings.defaults()
                .withModels(models)
                .withPort(-1)
                .with("mcdrop.server.max-batch", maxBatch)
                .with("mcdrop.server.queue-capacity", 256)
                .with("mcdrop.server.grpc.enabled", false));
    s.awaitModels(Duration.ofMinutes(2));
    return s;
  }

  static long[] run(HttpClient client, URI uri, byte[] png, int c, int ms) throws Exception {
    AtomicLong ok = new AtomicLong(), bad = new AtomicLong();
    long end = System.nanoTime() + ms * 1_000_000L;
    List<CompletableFuture<Void>> loops = new ArrayList<>();
    for (int i = 0; i < c; i++) {
      loops.add(
          CompletableFuture.runAsync(
              () -> {
                while (System.nanoTime() < end) {
                  try {
                    HttpResponse<String> r =
                        client.send(
                            HttpRequest.newBuilder(uri)
                                .header("Content-Type", "image/png")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(png))
                                .build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) ok.incrementAndGet();
                    else bad.incrementAndGet();
                  } catch (Exception e) {
                    bad.incrementAndGet();
                  }
                }
              },
              POOL));
    }
    for (var f : loops) f.get();
    return new long[] {ok.get(), bad.get()};
  }
}

package io.mcdrop.server.bench;

import com.google.protobuf.ByteString;
import inference.GRPCInferenceServiceGrpc;
import inference.GrpcPredictV2.InferParameter;
import inference.GrpcPredictV2.ModelInferRequest;
import inference.GrpcPredictV2.ModelInferRequest.InferInputTensor;
import inference.GrpcPredictV2.ModelInferResponse;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.mcdrop.runtime.mc.EngineConfig;
import io.mcdrop.runtime.mc.McEngine;
import io.mcdrop.runtime.mc.McOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The protocol rows of {@code scripts/bench-server.sh} (not a test): request bodies for REST JSON
 * and REST binary (wrk sends them), a closed-loop gRPC load generator, and the in-process engine on
 * the same tensor as the ceiling.
 *
 * <pre>
 *   bodies DIR SAMPLES              DIR/v2.json, DIR/v2.bin, DIR/v2.bin.header (JSON length)
 *   grpc PORT MODEL SAMPLES CONC SECONDS     RESULT requests errors rps p50_ms p99_ms
 *   engine MODEL.onnx SAMPLES THREADS SECONDS  ENGINE threads=.. requests=.. rps=.. p50_ms=..
 * </pre>
 */
public final class ProtocolBench {
  private ProtocolBench() {}

  static float[] tensor() {
    float[] x = new float[784];
    for (int i = 0; i < x.length; i++) {
      x[i] = ((i * 37) % 255) / 255f;
    }
    return x;
  }

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "bodies" -> bodies(Path.of(args[1]), Integer.parseInt(args[2]));
      case "grpc" ->
          grpc(
              Integer.parseInt(args[1]),
              args[2],
              Integer.parseInt(args[3]),
              Integer.parseInt(args[4]),
              Integer.parseInt(args[5]));
      case "engine" ->
          engine(
              Path.of(args[1]),
              Integer.parseInt(args[2]),
              Integer.parseInt(args[3]),
              Integer.parseInt(args[4]));
      default -> throw new IllegalArgumentException("unknown mode " + args[0]);
    }
  }

  private static void bodies(Path dir, int samples) throws Exception {
    float[] x = tensor();
    StringBuilder data = new StringBuilder();
    for (int i = 0; i < x.length; i++) {
      data.append(i == 0 ? "" : ",").append(x[i]);
    }
    String input = "{\"name\":\"input\",\"shape\":[1,1,28,28],\"datatype\":\"FP32\",";
    String outputs =
        "\"outputs\":[{\"name\":\"probabilities\"},{\"name\":\"std\"},"
            + "{\"name\":\"entropy\"},{\"name\":\"mutual_information\"}]";
    Files.writeString(
        dir.resolve("v2.json"),
        "{\"parameters\":{\"mc_samples\":"
            + samples
            + "},\"inputs\":["
            + input
            + "\"data\":["
            + data
            + "]}],"
            + outputs
            + "}");
    byte[] header =
        ("{\"parameters\":{\"mc_samples\":"
                + samples
                + ",\"binary_data_output\":true},"
                + "\"inputs\":["
                + input
                + "\"parameters\":{\"binary_data_size\":3136}}],"
                + outputs
                + "}")
            .getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(header.length + 3136).order(ByteOrder.LITTLE_ENDIAN);
    b.put(header);
    for (float f : x) {
      b.putFloat(f);
    }
    Files.write(dir.resolve("v2.bin"), b.array());
    Files.writeString(dir.resolve("v2.bin.header"), Integer.toString(header.length));
  }

  private static void grpc(int port, String model, int samples, int conc, int seconds)
      throws Exception {
    float[] x = tensor();
    ByteBuffer raw = ByteBuffer.allocate(x.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : x) {
      raw.putFloat(f);
    }
    ModelInferRequest request =
        ModelInferRequest.newBuilder()
            .setModelName(model)
            .putParameters("mc_samples", InferParameter.newBuilder().setInt64Param(samples).build())
            .addInputs(
                InferInputTensor.newBuilder()
                    .setName("input")
                    .setDatatype("FP32")
                    .addShape(1)
                    .addShape(1)
                    .addShape(28)
                    .addShape(28))
            .addRawInputContents(ByteString.copyFrom(raw.array()))
            .addOutputs(
                ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName("probabilities"))
            .addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName("std"))
            .addOutputs(
                ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName("entropy"))
            .addOutputs(
                ModelInferRequest.InferRequestedOutputTensor.newBuilder()
                    .setName("mutual_information"))
            .build();
    ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    var stub = GRPCInferenceServiceGrpc.newStub(ch);
    run(stub, request, conc, 3, new long[0]);
    long[] lat = new long[2_000_000];
    AtomicInteger n = new AtomicInteger();
    int errors = run(stub, request, conc, seconds, lat, n);
    ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    long[] l = Arrays.copyOf(lat, Math.min(n.get(), lat.length));
    Arrays.sort(l);
    System.out.printf(
        Locale.ROOT,
        "RESULT %d %d %.1f %.3f %.3f%n",
        l.length,
        errors,
        l.length / (double) seconds,
        l.length == 0 ? 0 : l[l.length / 2] / 1e6,
        l.length == 0 ? 0 : l[(int) (l.length * 0.99)] / 1e6);
  }

  private static int run(
      GRPCInferenceServiceGrpc.GRPCInferenceServiceStub stub,
      ModelInferRequest request,
      int conc,
      int seconds,
      long[] lat)
      throws InterruptedException {
    return run(stub, request, conc, seconds, lat, new AtomicInteger());
  }

  /** {@code conc} clients, each sending its next request when the last one is answered. */
  private static int run(
      GRPCInferenceServiceGrpc.GRPCInferenceServiceStub stub,
      ModelInferRequest request,
      int conc,
      int seconds,
      long[] lat,
      AtomicInteger n)
      throws InterruptedException {
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger errors = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(conc);
    for (int c = 0; c < conc; c++) {
      new Object() {
        void next() {
          if (stop.get()) {
            done.countDown();
            return;
          }
          long start = System.nanoTime();
          stub.withDeadlineAfter(30, TimeUnit.SECONDS)
              .modelInfer(
                  request,
                  new StreamObserver<ModelInferResponse>() {
                    @Override
                    public void onNext(ModelInferResponse r) {}

                    @Override
                    public void onError(Throwable t) {
                      errors.incrementAndGet();
                      next();
                    }

                    @Override
                    public void onCompleted() {
                      int i = n.getAndIncrement();
                      if (i < lat.length) {
                        lat[i] = System.nanoTime() - start;
                      }
                      next();
                    }
                  });
        }
      }.next();
    }
    Thread.sleep(seconds * 1000L);
    stop.set(true);
    done.await(60, TimeUnit.SECONDS);
    return errors.get();
  }

  private static void engine(Path model, int samples, int threads, int seconds) throws Exception {
    float[] x = tensor();
    try (McEngine engine = McEngine.load(model, EngineConfig.defaults().withThreads(1))) {
      McOptions options = McOptions.samples(samples);
      for (int i = 0; i < 200; i++) {
        engine.predict(x, options);
      }
      AtomicBoolean stop = new AtomicBoolean();
      long[][] lat = new long[threads][1_000_000];
      int[] count = new int[threads];
      Thread[] ts = new Thread[threads];
      for (int t = 0; t < threads; t++) {
        int idx = t;
        ts[t] =
            new Thread(
                null,
                () -> {
                  int k = 0;
                  while (!stop.get() && k < lat[idx].length) {
                    long s = System.nanoTime();
                    engine.predict(x, options);
                    lat[idx][k++] = System.nanoTime() - s;
                  }
                  count[idx] = k;
                },
                "bench-" + t,
                32L << 20);
        ts[t].start();
      }
      Thread.sleep(seconds * 1000L);
      stop.set(true);
      int total = 0;
      for (int t = 0; t < threads; t++) {
        ts[t].join();
        total += count[t];
      }
      long[] all = new long[total];
      int at = 0;
      for (int t = 0; t < threads; t++) {
        System.arraycopy(lat[t], 0, all, at, count[t]);
        at += count[t];
      }
      Arrays.sort(all);
      System.out.printf(
          Locale.ROOT,
          "ENGINE threads=%d requests=%d rps=%.1f p50_ms=%.3f p99_ms=%.3f%n",
          threads,
          total,
          total / (double) seconds,
          all[total / 2] / 1e6,
          all[(int) (total * 0.99)] / 1e6);
    }
  }
}

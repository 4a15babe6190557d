package io.mcdrop.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcdrop.runtime.mc.EngineConfig;
import io.mcdrop.runtime.mc.McEngine;
import io.mcdrop.runtime.mc.McOptions;
import io.mcdrop.runtime.mc.Strategy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The runtime benchmark's Java side.
 *
 * <pre>
 * measure --model a=FILE [--model b=FILE] --json OUT [--threads 1,2] [--samples 50]
 *         [--blocks 7] [--block-ms 300] [--warmup-ms 500] [--micro-batch 16,32,64,128]
 *         [--methods deterministic,loop,batched,trunk_cached]
 * report  --mcdrop R1.json[,R2.json] --torch T1.json[,T2.json] [--markdown OUT.md]
 * profile --model FILE [--threads 1] [--samples 50]    (see {@link Profile})
 * stages --model FILE [--samples 50]                   (see {@link Stages})
 * ratios  --model a=FILE [--model b=FILE]              (see {@link Ratios})
 * </pre>
 *
 * {@code measure} times one MC prediction of one 1x28x28 image ({@link McEngine#predict}, the
 * public API: the sample runs plus the uncertainty statistics) per strategy and thread count.
 * {@code report} merges the rounds of both sides (taking for each cell the best of the rounds'
 * block medians, which on a shared machine is the least-disturbed round) and prints the table, the
 * ratios and whether the targets are met.
 */
public final class RuntimeBench {
  private RuntimeBench() {}

  static final ObjectMapper JSON = new ObjectMapper();

  public static void main(String[] args) throws IOException {
    if (args.length == 0) {
      System.err.println("usage: RuntimeBench measure|report [options]");
      System.exit(2);
    }
    Map<String, List<String>> opts = parse(args);
    switch (args[0]) {
      case "measure" -> measure(opts);
      case "report" -> Report.print(opts);
      case "ratios" -> Ratios.run(opts);
      case "stages" -> {
        try {
          Stages.run(opts);
        } catch (ai.onnxruntime.OrtException e) {
          throw new IllegalStateException(e);
        }
      }
      case "profile" -> {
        try {
          Profile.run(opts);
        } catch (ai.onnxruntime.OrtException e) {
          throw new IllegalStateException(e);
        }
      }
      default -> {
        System.err.println("unknown command " + args[0] + ": expected measure or report");
        System.exit(2);
      }
    }
  }

  private static void measure(Map<String, List<String>> o) throws IOException {
    int samples = Integer.parseInt(one(o, "samples", "50"));
    Harness h = Harness.of(o);
    List<Integer> threads = ints(one(o, "threads", "1,2"));
    List<Integer> microBatches =
        o.containsKey("micro-batch") ? ints(one(o, "micro-batch", "")) : List.of();
    List<String> methods =
        o.containsKey("methods") ? List.of(one(o, "methods", "").split(",")) : List.of();
    float[] image = image(1);
    ObjectNode out = JSON.createObjectNode();
    out.put("runtime", "mcdrop on ONNX Runtime (Java) " + ortVersion());
    out.put("java", System.getProperty("java.vm.name") + " " + Runtime.version());
    out.put("samples", samples);
    out.put("load_before", loadAverage());
    ArrayNode results = out.putArray("results");
    for (String spec : o.getOrDefault("model", List.of())) {
      String name = spec.substring(0, spec.indexOf('='));
      Path file = Path.of(spec.substring(spec.indexOf('=') + 1));
      for (int t : threads) {
        EngineConfig config = EngineConfig.defaults().withThreads(t);
        try (McEngine e = McEngine.load(file, config)) {
          List<Case> cases = new ArrayList<>();
          cases.add(new Case(e, "deterministic", Strategy.LOOP, 1, 0));
          for (Strategy s : List.of(Strategy.LOOP, Strategy.BATCHED, Strategy.TRUNK_CACHED)) {
            cases.add(new Case(e, s.name().toLowerCase(Locale.ROOT), s, samples, 0));
          }
          cases.removeIf(c -> !methods.isEmpty() && !methods.contains(c.method()));
          record(results, name, t, cases, h, image);
        }
        if (!microBatches.isEmpty()) {
          List<McEngine> engines = new ArrayList<>();
          try {
            List<Case> cases = new ArrayList<>();
            for (int rows : microBatches) {
              McEngine e = McEngine.load(file, config.withMaxBatchRows(rows));
              engines.add(e);
              for (Strategy s : List.of(Strategy.BATCHED, Strategy.TRUNK_CACHED)) {
                cases.add(new Case(e, s.name().toLowerCase(Locale.ROOT), s, samples, rows));
              }
            }
            record(results, name, t, cases, h, image);
          } finally {
            engines.forEach(McEngine::close);
          }
        }
      }
    }
    out.put("load_after", loadAverage());
    out.put("sink", h.sink());
    Files.writeString(
        Path.of(one(o, "json", "mcdrop-bench.json")),
        JSON.writerWithDefaultPrettyPrinter().writeValueAsString(out));
  }

  /** One measured configuration: an engine, a strategy and a sample count. */
  private record Case(
      McEngine engine, String method, Strategy strategy, int samples, int maxBatchRows) {
    McOptions options() {
      return McOptions.samples(samples).withStrategy(strategy);
    }
  }

  private static void record(
      ArrayNode results, String model, int threads, List<Case> cases, Harness h, float[] image) {
    List<Harness.Op> ops = new ArrayList<>();
    for (Case c : cases) {
      McOptions options = c.options();
      ops.add(() -> c.engine().predict(image, options).entropy());
    }
    List<Harness.Timing> timings = h.timeInterleaved(ops);
    for (int k = 0; k < cases.size(); k++) {
      Case c = cases.get(k);
      Harness.Timing timing = timings.get(k);
      ObjectNode r = results.addObject();
      r.put("model", model);
      r.put("threads", threads);
      r.put("method", c.method());
      r.put("samples", c.samples());
      r.put(
          "strategy", c.samples() == 1 ? "deterministic" : c.engine().resolve(c.strategy()).name());
      r.put("max_batch_rows", c.maxBatchRows());
      r.put("median_ms", timing.median());
      r.put("min_ms", timing.min());
      ArrayNode blocks = r.putArray("blocks_ms");
      for (double b : timing.blocksMs()) {
        blocks.add(b);
      }
      r.put("iterations_per_block", timing.iterations());
      System.err.printf(
          Locale.ROOT,
          "mcdrop %s threads=%d %-13s%s median %.3f ms  min %.3f ms%n",
          model,
          threads,
          c.method(),
          c.maxBatchRows() > 0 ? " rows<=" + c.maxBatchRows() : "",
          timing.median(),
          timing.min());
    }
  }

  /** A seeded standard-normal 1x28x28 image (the values do not change the cost). */
  static float[] image(long seed) {
    Random r = new Random(seed);
    float[] x = new float[28 * 28];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    return x;
  }

  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }

  private static String ortVersion() {
    Package p = ai.onnxruntime.OrtEnvironment.class.getPackage();
    return p != null && p.getImplementationVersion() != null ? p.getImplementationVersion() : "";
  }

  static Map<String, List<String>> parse(String[] args) {
    Map<String, List<String>> o = new LinkedHashMap<>();
    for (int i = 1; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --option value, got " + args[i]);
      }
      o.computeIfAbsent(args[i].substring(2), k -> new ArrayList<>()).add(args[++i]);
    }
    return o;
  }

  static String one(Map<String, List<String>> o, String key, String dflt) {
    List<String> v = o.get(key);
    return v == null ? dflt : v.get(v.size() - 1);
  }

  static List<Integer> ints(String csv) {
    List<Integer> out = new ArrayList<>();
    for (String s : csv.split(",")) {
      if (!s.isBlank()) {
        out.add(Integer.parseInt(s.trim()));
      }
    }
    return out;
  }

  static JsonNode read(String file) throws IOException {
    return JSON.readTree(Path.of(file).toFile());
  }
}

package io.mcdrop.bench;

import io.mcdrop.runtime.mc.EngineConfig;
import io.mcdrop.runtime.mc.McEngine;
import io.mcdrop.runtime.mc.McOptions;
import io.mcdrop.runtime.mc.Strategy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Issue 14's runtime ratios, each against its peer measured in the same run (interleaved blocks, 1
 * intra-op thread), through the public API only (so the same class measures older commits):
 *
 * <ul>
 *   <li>MC T=50 trunk-cached ÷ one deterministic pass, one image (goal ≤ 1.3);
 *   <li>seeded ÷ unseeded at T=30: one image (trunk-cached, batched) and {@code predictAll} of 8
 *       images, as the CLI and evaluation call it (goal ≤ 1.5).
 * </ul>
 *
 * <pre>ratios --model a=FILE [--model b=FILE] [--blocks 7] [--block-ms 300] [--warmup-ms 500]</pre>
 */
final class Ratios {
  private Ratios() {}

  private record Case(String name, Harness.Op op) {}

  static void run(Map<String, List<String>> o) {
    Harness h = Harness.of(o);
    float[] image = RuntimeBench.image(1);
    List<float[]> eight = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      eight.add(RuntimeBench.image(10 + i));
    }
    System.out.println(
        "| model | ratio (median of paired blocks) | value | numerator ms | denominator ms | goal |");
    System.out.println("|---|---|---:|---:|---:|---|");
    for (String spec : o.getOrDefault("model", List.of())) {
      String name = spec.substring(0, spec.indexOf('='));
      Path file = Path.of(spec.substring(spec.indexOf('=') + 1));
      try (McEngine e = McEngine.load(file, EngineConfig.defaults().withThreads(1))) {
        McOptions det = McOptions.samples(1);
        McOptions tc50 = McOptions.samples(50).withStrategy(Strategy.TRUNK_CACHED);
        McOptions tc30 = McOptions.samples(30).withStrategy(Strategy.TRUNK_CACHED);
        McOptions b30 = McOptions.samples(30).withStrategy(Strategy.BATCHED);
        List<Case> cases =
            List.of(
                new Case("deterministic", () -> e.predict(image, det).entropy()),
                new Case("trunk T=50", () -> e.predict(image, tc50).entropy()),
                new Case("trunk T=30", () -> e.predict(image, tc30).entropy()),
                new Case("trunk T=30 seeded", () -> e.predict(image, tc30.withSeed(7L)).entropy()),
                new Case("batched T=30", () -> e.predict(image, b30).entropy()),
                new Case("batched T=30 seeded", () -> e.predict(image, b30.withSeed(7L)).entropy()),
                new Case("8 images T=30", () -> e.predictAll(eight, tc30).get(7).entropy()),
                new Case(
                    "8 images T=30 seeded",
                    () -> e.predictAll(eight, tc30.withSeed(7L)).get(7).entropy()));
        List<Harness.Timing> t = h.timeInterleaved(cases.stream().map(Case::op).toList());
        row(
            name,
            "MC T=50 trunk-cached ÷ deterministic",
            t.get(1),
            t.get(0),
            name.equals("a") ? "≤ 1.3 (head-only dropout)" : "— (dropout in the trunk)");
        row(name, "seeded ÷ unseeded, 1 image trunk-cached T=30", t.get(3), t.get(2), "≤ 1.5");
        row(name, "seeded ÷ unseeded, 1 image batched T=30", t.get(5), t.get(4), "≤ 1.5");
        row(name, "seeded ÷ unseeded, predictAll 8 images T=30", t.get(7), t.get(6), "≤ 1.5");
      }
    }
    System.out.println("(sink " + h.sink() + ")");
  }

  private static void row(
      String model, String what, Harness.Timing num, Harness.Timing den, String goal) {
    // paired: the blocks of all cases are interleaved, so block i of both saw the same load
    double[] r = new double[num.blocksMs().length];
    for (int i = 0; i < r.length; i++) {
      r[i] = num.blocksMs()[i] / den.blocksMs()[i];
    }
    java.util.Arrays.sort(r);
    System.out.printf(
        Locale.ROOT,
        "| %s | %s | %.2f× | %.3f | %.3f | %s |%n",
        model,
        what,
        r[r.length / 2],
        num.median(),
        den.median(),
        goal);
  }
}

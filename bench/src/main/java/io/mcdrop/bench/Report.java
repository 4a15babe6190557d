package io.mcdrop.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Merges the measurement rounds of both sides into one Markdown table with ratios and targets. */
final class Report {
  private Report() {}

  private static final Map<String, String> MODEL_TITLES =
      Map.of(
          "a",
          "(a) head-only dropout: conv32-bn-relu-pool, conv64-bn-relu-pool, fc128-relu,"
              + " dropout 0.5, fc10",
          "b",
          "(b) dropout after the conv blocks too: as (a) with Dropout 0.2 after each conv block");

  private static final String[] METHODS = {"deterministic", "loop", "batched", "trunk_cached"};

  /** Round medians of one cell, in round order. */
  private static final class Cell {
    final List<Double> medians = new ArrayList<>();
    final List<double[]> blocks = new ArrayList<>();
    String strategy;

    double typical() {
      return median(medians.stream().mapToDouble(Double::doubleValue).toArray());
    }

    double best() {
      return medians.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    String rounds() {
      List<String> s = new ArrayList<>();
      medians.forEach(m -> s.add(ms(m)));
      return String.join(" / ", s);
    }
  }

  static void print(Map<String, List<String>> o) throws IOException {
    Map<String, Cell> cells = new LinkedHashMap<>();
    Set<String> models = new LinkedHashSet<>();
    Set<Integer> threads = new TreeSet<>();
    Set<Integer> microBatches = new TreeSet<>();
    StringBuilder loads = new StringBuilder();
    String mcRuntime = "";
    String torchRuntime = "";
    int samples = 0;
    for (String side : List.of("torch", "mcdrop")) {
      int round = 0;
      for (String file : files(o, side)) {
        round++;
        JsonNode j = RuntimeBench.read(file);
        samples = j.get("samples").asInt();
        if (side.equals("mcdrop")) {
          mcRuntime = j.get("runtime").asText();
        } else {
          torchRuntime = j.get("runtime").asText();
        }
        loads.append(
            String.format(
                Locale.ROOT,
                "%s round %d: %s → %s; ",
                side.equals("torch") ? "PyTorch" : "mcdrop",
                round,
                j.get("load_before").asText(),
                j.get("load_after").asText()));
        for (JsonNode r : j.get("results")) {
          int rows = r.path("max_batch_rows").asInt(0);
          String key =
              key(
                  side,
                  r.get("model").asText(),
                  r.get("threads").asInt(),
                  r.get("method").asText(),
                  rows);
          Cell c = cells.computeIfAbsent(key, k -> new Cell());
          c.medians.add(r.get("median_ms").asDouble());
          double[] b = new double[r.get("blocks_ms").size()];
          for (int i = 0; i < b.length; i++) {
            b[i] = r.get("blocks_ms").get(i).asDouble();
          }
          c.blocks.add(b);
          c.strategy = r.path("strategy").asText(null);
          models.add(r.get("model").asText());
          threads.add(r.get("threads").asInt());
          if (rows > 0) {
            microBatches.add(rows);
          }
        }
      }
    }
    StringBuilder md = new StringBuilder();
    md.append(
        String.format(
            Locale.ROOT,
            "MC dropout at T=%d, batch of one 1x28x28 image, ms per image (lower is better)."
                + " Each cell: the best of the rounds' block medians; the rounds' medians follow"
                + " in the last columns.%n%n"
                + "- machine: %s%n- mcdrop: %s%n- peer: %s (dropout modules in train mode, BN in eval,"
                + " torch.no_grad(), torch.set_num_threads(n))%n- load average (1/5/15 min)"
                + " before → after each round: %s%n",
            samples,
            RuntimeBench.one(o, "machine", "?"),
            mcRuntime,
            torchRuntime,
            loads.toString().replaceAll("; $", "")));
    List<String> targets = new ArrayList<>();
    for (String m : models) {
      md.append(String.format("%n### %s%n%n", MODEL_TITLES.getOrDefault(m, m)));
      md.append("| threads | method | mcdrop | PyTorch 1.13 | PyTorch ÷ mcdrop |")
          .append(" mcdrop rounds | PyTorch rounds |\n");
      md.append("|---:|---|---:|---:|---:|---|---|\n");
      for (int t : threads) {
        double det = best(cells, "mcdrop", m, t, "deterministic");
        double trunk = best(cells, "mcdrop", m, t, "trunk_cached");
        double batched = best(cells, "mcdrop", m, t, "batched");
        double torchLoop = best(cells, "torch", m, t, "loop");
        double torchBatched = best(cells, "torch", m, t, "batched");
        for (String method : METHODS) {
          Cell mc = cells.get(key("mcdrop", m, t, method, 0));
          Cell pt = cells.get(key("torch", m, t, method, 0));
          String label = label(method, samples, mc);
          String ratio;
          if (method.equals("trunk_cached")) {
            ratio =
                String.format(
                    Locale.ROOT,
                    "%s vs LOOP, %s vs BATCHED; %s × deterministic",
                    x(torchLoop / trunk),
                    x(torchBatched / trunk),
                    x2(trunk / det));
          } else {
            ratio = pt == null || mc == null ? "—" : x(pt.best() / mc.best());
          }
          md.append(
              String.format(
                  Locale.ROOT,
                  "| %d | %s | %s | %s | %s | %s | %s |%n",
                  t,
                  label,
                  mc == null ? "—" : "**" + ms(mc.best()) + "**",
                  pt == null ? "—" : ms(pt.best()),
                  ratio,
                  mc == null ? "" : mc.rounds(),
                  pt == null ? "" : pt.rounds()));
        }
        Cell detCell = cells.get(key("mcdrop", m, t, "deterministic", 0));
        Cell trunkCell = cells.get(key("mcdrop", m, t, "trunk_cached", 0));
        Cell batchedCell = cells.get(key("mcdrop", m, t, "batched", 0));
        Cell torchLoopCell = cells.get(key("torch", m, t, "loop", 0));
        Cell torchBatchedCell = cells.get(key("torch", m, t, "batched", 0));
        if (m.equals("a") && detCell != null && trunkCell != null) {
          double paired = paired(trunkCell, detCell);
          targets.add(
              target(
                  "(a) threads=" + t + ": TRUNK_CACHED T=" + samples + " ÷ deterministic",
                  trunk / det,
                  paired,
                  "paired blocks",
                  "≤ 1.5×",
                  paired <= 1.5));
          if (torchLoopCell != null) {
            double typical = torchLoopCell.typical() / trunkCell.typical();
            targets.add(
                target(
                    "(a) threads=" + t + ": PyTorch LOOP ÷ mcdrop TRUNK_CACHED",
                    torchLoop / trunk,
                    typical,
                    "median rounds",
                    "≥ 50×",
                    torchLoop / trunk >= 50));
          }
        } else if (m.equals("b") && batchedCell != null && torchBatchedCell != null) {
          double typical = torchBatchedCell.typical() / batchedCell.typical();
          targets.add(
              target(
                  "(b) threads=" + t + ": PyTorch BATCHED ÷ mcdrop BATCHED",
                  torchBatched / batched,
                  typical,
                  "median rounds",
                  "≥ 3×",
                  torchBatched / batched >= 3));
        }
      }
    }
    md.append(
        "\n### Targets (issue 2)\n\n"
            + "'best' divides best-round cells as in the tables above. The second estimate pairs"
            + " like with like: for two mcdrop methods, the median over rounds of the median of"
            + " per-block ratios (their blocks ran interleaved, under the same load); for mcdrop"
            + " against PyTorch (separate processes, run one after the other), the ratio of the"
            + " median round medians. 'met' judges the paired estimate for mcdrop-vs-mcdrop"
            + " ratios and the best-round one for mcdrop-vs-PyTorch ratios.\n\n"
            + "| target | best | second estimate | goal | met |\n|---|---:|---:|---|---|\n");
    targets.forEach(md::append);
    if (!microBatches.isEmpty()) {
      md.append(
          "\n### Micro-batch cap (EngineConfig.withMaxBatchRows), mcdrop, ms per image\n\n"
              + "| model | threads | max rows per run | BATCHED | TRUNK_CACHED |\n"
              + "|---|---:|---:|---:|---:|\n");
      for (String m : models) {
        for (int t : threads) {
          for (int rows : microBatches) {
            Cell b = cells.get(key("mcdrop", m, t, "batched", rows));
            Cell tc = cells.get(key("mcdrop", m, t, "trunk_cached", rows));
            md.append(
                String.format(
                    Locale.ROOT,
                    "| %s | %d | %d | %s | %s |%n",
                    m,
                    t,
                    rows,
                    b == null ? "—" : ms(b.best()),
                    tc == null ? "—" : ms(tc.best())));
          }
        }
      }
    }
    System.out.print(md);
    String out = RuntimeBench.one(o, "markdown", null);
    if (out != null) {
      Files.writeString(Path.of(out), md.toString());
    }
  }

  private static String label(String method, int samples, Cell mc) {
    String s =
        switch (method) {
          case "deterministic" -> "deterministic (T=1)";
          case "loop" -> "LOOP (" + samples + " runs)";
          case "batched" -> "BATCHED (" + samples + " tiled rows)";
          default -> "TRUNK_CACHED";
        };
    if (mc != null && mc.strategy != null && !method.equals("deterministic")) {
      String resolved = mc.strategy.toLowerCase(Locale.ROOT);
      if (!resolved.equals(method)) {
        s += " (ran as " + mc.strategy + ")";
      }
    }
    return s;
  }

  private static String target(
      String what, double best, double second, String how, String goal, boolean met) {
    return String.format(
        Locale.ROOT,
        "| %s | %s | %s (%s) | %s | %s |%n",
        what,
        x2(best),
        x2(second),
        how,
        goal,
        met ? "yes" : "**no**");
  }

  /** Median over rounds of the median per-block ratio a/b (blocks measured interleaved). */
  private static double paired(Cell a, Cell b) {
    int rounds = Math.min(a.blocks.size(), b.blocks.size());
    double[] perRound = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      double[] x = a.blocks.get(r);
      double[] y = b.blocks.get(r);
      double[] ratios = new double[Math.min(x.length, y.length)];
      for (int i = 0; i < ratios.length; i++) {
        ratios[i] = x[i] / y[i];
      }
      perRound[r] = median(ratios);
    }
    return median(perRound);
  }

  static double median(double[] v) {
    if (v.length == 0) {
      return Double.NaN;
    }
    double[] s = v.clone();
    java.util.Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
  }

  private static double best(Map<String, Cell> cells, String side, String m, int t, String method) {
    Cell c = cells.get(key(side, m, t, method, 0));
    return c == null ? Double.NaN : c.best();
  }

  private static List<String> files(Map<String, List<String>> o, String side) {
    List<String> out = new ArrayList<>();
    for (String v : o.getOrDefault(side, List.of())) {
      for (String f : v.split(",")) {
        if (!f.isBlank()) {
          out.add(f.trim());
        }
      }
    }
    return out;
  }

  private static String key(String side, String model, int threads, String method, int rows) {
    return side + "|" + model + "|" + threads + "|" + method + "|" + rows;
  }

  static String ms(double v) {
    if (Double.isNaN(v)) {
      return "—";
    }
    return v >= 100
        ? String.format(Locale.ROOT, "%.0f", v)
        : v >= 10 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.3f", v);
  }

  static String x(double v) {
    return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.1f×", v);
  }

  static String x2(double v) {
    return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.2f×", v);
  }
}

package io.mcdrop.study.report;

import io.mcdrop.evaluation.predict.Inference;
import io.mcdrop.evaluation.report.Charts;
import io.mcdrop.evaluation.report.Fmt;
import io.mcdrop.evaluation.report.ReportWriter;
import io.mcdrop.evaluation.report.SummaryTable;
import io.mcdrop.study.StudyConfig;
import io.mcdrop.study.run.StudyRunner;
import io.mcdrop.study.run.UnitCost;
import io.mcdrop.study.run.VariantResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the study's {@code README.md} (verdict, ranking with 95 % intervals over seeds, every
 * seed's numbers, learning curves, links to each run's evaluation report), {@code results.json} and
 * the comparison plots; also renders the ranking as text for the terminal.
 */
public final class StudyReport {
  public static final String PAGE = "README.md";
  public static final String RESULTS = "results.json";
  private static final List<String> FAMILIES =
      List.of("head", "conv", "spatial", "all", "prebn", "matched");

  private StudyReport() {}

  /** The OOD set conclusions talk about: held-out classes if any, else the first extra source. */
  static String oodSet(StudyConfig c) {
    if (c.holdoutClasses().length > 0) {
      return "holdout";
    }
    return c.extraOod().isEmpty() ? null : c.extraOod().get(0).name();
  }

  public static List<VariantSummary> summaries(StudyRunner.Outcome o) {
    return VariantSummary.of(o.results(), oodSet(o.config()));
  }

  public static List<String> verdict(StudyRunner.Outcome o) {
    return Conclusions.of(summaries(o), oodSet(o.config()), o.data().train().size());
  }

  public static Path write(StudyRunner.Outcome o, Path dir, String command) {
    List<VariantSummary> ranked = Conclusions.ranked(summaries(o));
    String ood = oodSet(o.config());
    List<String> verdict = verdict(o);
    int units = o.config().variants().size() * o.config().seeds().size();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("command", command);
    json.put("units", Map.of("done", o.results().size(), "total", units));
    json.put("ranking", ranked.stream().map(VariantSummary::key).toList());
    json.put("verdict", verdict);
    json.put("variants", ranked);
    json.put("runs", o.results());
    ReportWriter.writeJson(json, dir.resolve(RESULTS));
    plots(ranked, dir);

    StudyConfig c = o.config();
    StringBuilder sb = new StringBuilder();
    sb.append("# Dropout-placement study: ")
        .append(o.base().name())
        .append(" on ")
        .append(c.data())
        .append("\n\n");
    sb.append("Command:\n\n```\n").append(command).append("\n```\n\n");
    double trainSecs = o.results().stream().mapToDouble(VariantResult::trainSeconds).sum();
    sb.append(
        String.format(
            Locale.ROOT,
            "Base architecture `%s` (its dropout is replaced by each variant's), input %s; %d"
                + " variants x %d seeds %s (%d of %d runs done), %d epoch(s) each with the same"
                + " budget; %d training images (%.0f%% of them the validation set, the same for"
                + " every run), %d test images, MC dropout with %d samples. Total training time"
                + " %.1f h (wall clock, on a shared machine).%n%n",
            o.base().spec().text(),
            o.base().input(),
            c.variants().size(),
            c.seeds().size(),
            c.seeds(),
            o.results().size(),
            units,
            c.train().epochs(),
            o.data().train().size(),
            100 * c.train().valSplit(),
            o.data().test().size(),
            c.samples(),
            trainSecs / 3600));
    for (String n : o.data().notes()) {
      sb.append("- ").append(n).append('\n');
    }
    sb.append("\n## Verdict\n\n");
    for (String v : verdict) {
      sb.append("- ").append(v).append('\n');
    }
    sb.append("\n## Ranking by test NLL\n\n");
    sb.append(rankingTable(ranked, ood));
    sb.append(
        "\nMean ± half-width of the 95 % Student-t interval over seeds. Accuracy, NLL and ECE are"
            + " MC dropout with the deterministic pass in brackets (deterministic only for `none`)."
            + " Gap = train minus validation accuracy at the last epoch, in points (train numbers"
            + " are running averages with dropout on, so dropout lowers them by construction)."
            + " Dropped = expected units zeroed per image and forward pass. "
            + costSource(o.results())
            + (ood != null
                ? " OOD AUROC is for `"
                    + ood
                    + "`: MC mutual information, or deterministic entropy for `none`; 0.5 is"
                    + " chance."
                : "")
            + " \"≈ #1\" marks variants whose NLL interval overlaps the winner's. Throughout,"
            + " \"beyond seed noise\" means non-overlapping 95 % intervals: stricter than a 5 %"
            + " two-sample test (for equal spreads it needs a t statistic √2 times the interval's"
            + " t quantile), which keeps false calls rare across the many comparisons with `none`;"
            + " the price is that small real differences are reported as indistinguishable.\n\n");
    sb.append("![test NLL per variant](nll.png)\n![test accuracy per variant](accuracy.png)\n");
    if (ood != null) {
      sb.append("![OOD AUROC per variant](ood.png)\n");
    }
    sb.append('\n');
    if (ranked.stream().anyMatch(v -> v.calibrated() != null)) {
      sb.append("## After temperature scaling\n\n");
      sb.append(calibrationTable(ranked));
      sb.append(
          "\nEach run calibrated by `mcdrop calibrate`'s method on the study's validation split"
              + " (the images its training held out), then measured on the test images: temperature"
              + " T (deterministic / MC), test NLL and ECE before → after, and the conformal"
              + " prediction sets' coverage and mean size at α = 0.1 (MC sets; deterministic for"
              + " `none`). Mean ± 95 % interval over the calibrated seeds. \"Before\" is"
              + " measured again by this pass, with its own dropout masks, so its MC numbers can"
              + " differ from the ranking's by MC sampling noise.\n\n");
    }
    sb.append("## Every run\n\n");
    sb.append(runsTable(o.results(), ood));
    sb.append("\n## Learning curves (mean over seeds)\n\n");
    sb.append("![train/validation gap](gap.png)\n![validation loss](val-loss.png)\n\n");
    for (String fam : FAMILIES) {
      if (ranked.stream().anyMatch(v -> v.placement().equals(fam))) {
        sb.append("![gap, ").append(fam).append("](gap-").append(fam).append(".png)\n");
      }
    }
    sb.append("\n## Variants\n\n");
    for (VariantSummary v : ranked) {
      sb.append("- **").append(v.key()).append("** — ").append(v.description()).append(": `");
      sb.append(v.spec()).append("`; evaluation numbers:");
      for (long s : v.seeds()) {
        sb.append(" [seed ")
            .append(s)
            .append("](variants/")
            .append(v.key())
            .append("/seed-")
            .append(s)
            .append("/evaluation/metrics.json)");
      }
      sb.append('\n');
    }
    Path page = dir.resolve(PAGE);
    ReportWriter.writeText(sb.toString(), page);
    return page;
  }

  /** Where the ranking's MC ms/img column comes from, in one sentence. */
  static String costSource(List<VariantResult> results) {
    long measured = results.stream().filter(r -> r.cost() != null).count();
    String pass =
        "the cost pass after training ("
            + Inference.COST_IMAGES
            + " test images after a warm-up, "
            + UnitCost.THREADS
            + " ONNX Runtime thread, the median of "
            + UnitCost.ROUNDS
            + " timed runs; per variant the fastest seed, since every seed runs the same graph"
            + " and other work on the machine only adds time)";
    if (measured == results.size()) {
      return "MC ms/img and its ratio to a deterministic pass come from " + pass + ".";
    }
    String eval =
        "the timing of each run's own evaluation, taken while the machine did other work (read it"
            + " as rough)";
    if (measured == 0) {
      return "MC ms/img comes from " + eval + ".";
    }
    return "MC ms/img comes from "
        + pass
        + " for "
        + measured
        + " of "
        + results.size()
        + " runs and from "
        + eval
        + " for the rest.";
  }

  private static String rankingTable(List<VariantSummary> ranked, String ood) {
    StringBuilder sb = new StringBuilder();
    sb.append("| # | variant | test acc % | NLL | ECE |");
    if (ood != null) {
      sb.append(" OOD AUROC |");
    }
    sb.append(" gap (pts) | dropped | MC ms/img (x det) | ≈ #1 |\n|---|---|---|---|---|");
    if (ood != null) {
      sb.append("---|");
    }
    sb.append("---|---|---|---|\n");
    VariantSummary win = ranked.isEmpty() ? null : ranked.get(0);
    int i = 1;
    for (VariantSummary v : ranked) {
      boolean mc = v.hasMc();
      sb.append("| ").append(i++).append(" | ").append(v.key()).append(" | ");
      sb.append(pair(v.accuracy(), v.detAccuracy(), mc, 100, 2)).append(" | ");
      sb.append(pair(v.nll(), v.detNll(), mc, 1, 4)).append(" | ");
      sb.append(pair(v.ece(), v.detEce(), mc, 1, 4)).append(" | ");
      if (ood != null) {
        sb.append(v.ood().text(1, 3)).append(" | ");
      }
      sb.append(v.gap().text(100, 2)).append(" | ");
      sb.append(String.format(Locale.ROOT, "%.1f", v.droppedUnits())).append(" | ");
      sb.append(
          mc
              ? String.format(
                  Locale.ROOT, "%.2f (%.1fx)", v.mcMs().mean(), v.mcMs().mean() / v.detMs().mean())
              : "n/a");
      sb.append(" | ").append(v == win ? "—" : v.nll().overlaps(win.nll()) ? "yes" : "no");
      sb.append(" |\n");
    }
    return sb.toString();
  }

  private static String calibrationTable(List<VariantSummary> ranked) {
    StringBuilder sb = new StringBuilder();
    sb.append("| variant | seeds | T det | T MC | det NLL | MC NLL | det ECE | MC ECE |")
        .append(" coverage | set size |\n|---|---|---|---|---|---|---|---|---|---|\n");
    for (VariantSummary v : ranked) {
      VariantSummary.Calibrated c = v.calibrated();
      if (c == null) {
        continue;
      }
      sb.append("| ").append(v.key()).append(" | ").append(c.seeds()).append(" | ");
      sb.append(c.detTemperature().text(1, 3)).append(" | ");
      sb.append(v.hasMc() ? c.mcTemperature().text(1, 3) : "n/a").append(" | ");
      sb.append(arrow(c.detNllBefore(), c.detNll())).append(" | ");
      sb.append(v.hasMc() ? arrow(c.mcNllBefore(), c.mcNll()) : "n/a").append(" | ");
      sb.append(arrow(c.detEceBefore(), c.detEce())).append(" | ");
      sb.append(v.hasMc() ? arrow(c.mcEceBefore(), c.mcEce()) : "n/a").append(" | ");
      sb.append(c.coverage().text(100, 1)).append(" % | ");
      sb.append(c.meanSetSize().text(1, 2)).append(" |\n");
    }
    return sb.toString();
  }

  private static String arrow(Interval before, Interval after) {
    return String.format(Locale.ROOT, "%.4f → %s", before.mean(), after.text(1, 4));
  }

  private static String pair(Interval main, Interval det, boolean mc, double scale, int dec) {
    return mc ? main.text(scale, dec) + " (" + det.text(scale, dec) + ")" : main.text(scale, dec);
  }

  private static String runsTable(List<VariantResult> runs, String ood) {
    StringBuilder sb = new StringBuilder();
    sb.append("| variant | seed | det acc | MC acc | det NLL | MC NLL | det ECE | MC ECE |");
    sb.append(ood != null ? " OOD AUROC |" : "");
    sb.append(" gap (pts) | train min |\n|---|---|---|---|---|---|---|---|");
    sb.append(ood != null ? "---|" : "").append("---|---|\n");
    for (VariantResult r : runs) {
      VariantResult.Pass d = r.deterministic();
      VariantResult.Pass m = r.mc();
      sb.append("| ").append(r.key()).append(" | ").append(r.seed()).append(" | ");
      sb.append(Fmt.pct(d.accuracy())).append(" | ");
      sb.append(m == null ? "n/a" : Fmt.pct(m.accuracy())).append(" | ");
      sb.append(Fmt.f4(d.nll())).append(" | ");
      sb.append(m == null ? "n/a" : Fmt.f4(m.nll())).append(" | ");
      sb.append(Fmt.f4(d.ece())).append(" | ");
      sb.append(m == null ? "n/a" : Fmt.f4(m.ece())).append(" | ");
      if (ood != null) {
        sb.append(Fmt.f3(m != null ? m.ood(ood, "mutual-info") : d.ood(ood, "entropy")));
        sb.append(" | ");
      }
      sb.append(String.format(Locale.ROOT, "%.2f", 100 * r.accuracyGap())).append(" | ");
      sb.append(String.format(Locale.ROOT, "%.1f", r.trainSeconds() / 60)).append(" |\n");
    }
    return sb.toString();
  }

  /** The ranking and verdict as terminal text. */
  public static String text(StudyRunner.Outcome o) {
    List<VariantSummary> ranked = Conclusions.ranked(summaries(o));
    String ood = oodSet(o.config());
    List<String[]> rows = new ArrayList<>();
    List<String> head =
        new ArrayList<>(List.of("#", "variant", "seeds", "acc %", "NLL", "det NLL", "ECE"));
    if (ood != null) {
      head.add("OOD AUROC");
    }
    head.addAll(List.of("gap", "MC x"));
    rows.add(head.toArray(new String[0]));
    int i = 1;
    for (VariantSummary v : ranked) {
      List<String> r = new ArrayList<>();
      r.add(Integer.toString(i++));
      r.add(v.key());
      r.add(Integer.toString(v.seeds().size()));
      r.add(v.accuracy().text(100, 2));
      r.add(v.nll().text(1, 4));
      r.add(v.detNll().text(1, 4));
      r.add(v.ece().text(1, 4));
      if (ood != null) {
        r.add(v.ood().text(1, 3));
      }
      r.add(v.gap().text(100, 2));
      r.add(
          v.hasMc()
              ? String.format(Locale.ROOT, "%.1f", v.mcMs().mean() / v.detMs().mean())
              : "n/a");
      rows.add(r.toArray(new String[0]));
    }
    StringBuilder sb = new StringBuilder(SummaryTable.table(rows));
    sb.append('\n');
    for (String c : verdict(o)) {
      sb.append("- ").append(c).append('\n');
    }
    return sb.toString();
  }

  private static void plots(List<VariantSummary> ranked, Path dir) {
    List<String> keys = ranked.stream().map(VariantSummary::key).toList();
    List<Charts.IntervalSeries> nll = new ArrayList<>();
    nll.add(series("deterministic", ranked, VariantSummary::detNll, 1));
    nll.add(series("MC dropout", ranked, VariantSummary::mcNll, 1));
    if (ranked.stream().anyMatch(v -> v.calibrated() != null)) {
      nll.add(
          series(
              "after temperature scaling",
              ranked,
              v -> v.calibrated() == null ? NONE : v.calibrated().nll(),
              1));
    }
    Charts.intervals(
        "Test NLL per variant, mean and 95 % interval over seeds",
        "NLL", keys, nll, dir.resolve("nll.png"));
    Charts.intervals(
        "Test accuracy per variant, mean and 95 % interval over seeds",
        "accuracy (%)",
        keys,
        List.of(
            series("deterministic", ranked, VariantSummary::detAccuracy, 100),
            series("MC dropout", ranked, VariantSummary::mcAccuracy, 100)),
        dir.resolve("accuracy.png"));
    if (ranked.stream().anyMatch(v -> Double.isFinite(v.ood().mean()))) {
      Charts.intervals(
          "OOD AUROC per variant (MC mutual information; deterministic entropy for none)",
          "AUROC",
          keys,
          List.of(series("AUROC", ranked, VariantSummary::ood, 1)),
          dir.resolve("ood.png"));
    }
    Charts.lines(
        "Train minus validation accuracy per epoch (mean over seeds)",
        "epoch",
        "gap (points)",
        lines(ranked, true),
        dir.resolve("gap.png"));
    Charts.lines(
        "Validation loss per epoch (mean over seeds)",
        "epoch",
        "validation NLL",
        lines(ranked, false),
        dir.resolve("val-loss.png"));
    for (String fam : FAMILIES) {
      List<VariantSummary> f =
          ranked.stream().filter(v -> v.placement().equals(fam) || !v.hasDropout()).toList();
      if (f.stream().anyMatch(v -> v.placement().equals(fam))) {
        Charts.lines(
            "Gap per epoch: " + fam + " vs none (mean over seeds)",
            "epoch",
            "gap (points)",
            lines(f, true),
            dir.resolve("gap-" + fam + ".png"));
      }
    }
  }

  private static final Interval NONE = Interval.of();

  private static Charts.IntervalSeries series(
      String name,
      List<VariantSummary> vs,
      java.util.function.Function<VariantSummary, Interval> f,
      double scale) {
    double[] m = new double[vs.size()];
    double[] h = new double[vs.size()];
    for (int i = 0; i < m.length; i++) {
      Interval iv = f.apply(vs.get(i));
      m[i] = scale * iv.mean();
      h[i] = scale * iv.halfWidth();
    }
    return new Charts.IntervalSeries(name, m, h);
  }

  private static List<Charts.Line> lines(List<VariantSummary> vs, boolean gap) {
    List<Charts.Line> out = new ArrayList<>();
    for (VariantSummary v : vs) {
      double[] y = gap ? v.gapCurve().clone() : v.valLossCurve();
      if (y.length == 0) {
        continue;
      }
      double[] x = new double[y.length];
      for (int e = 0; e < y.length; e++) {
        x[e] = e + 1;
        if (gap) {
          y[e] *= 100;
        }
      }
      out.add(new Charts.Line(v.key(), x, y));
    }
    return out;
  }
}

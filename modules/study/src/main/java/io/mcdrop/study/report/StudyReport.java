package io.mcdrop.study.report;

import io.mcdrop.evaluation.report.Charts;
import io.mcdrop.evaluation.report.Fmt;
import io.mcdrop.evaluation.report.ReportWriter;
import io.mcdrop.evaluation.report.SummaryTable;
import io.mcdrop.study.StudyConfig;
import io.mcdrop.study.run.StudyRunner;
import io.mcdrop.study.run.VariantResult;
import io.mcdrop.trainer.config.EpochStats;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the study's {@code README.md} (ranking table, conclusions, plots, links to each variant's
 * evaluation report), {@code results.json}, and comparison plots; also renders the ranking as text
 * for the terminal.
 */
public final class StudyReport {
  public static final String PAGE = "README.md";
  public static final String RESULTS = "results.json";

  private StudyReport() {}

  /** The OOD set conclusions talk about: held-out classes if any, else the first extra source. */
  static String oodSet(StudyConfig c) {
    if (c.holdoutClasses().length > 0) {
      return "holdout";
    }
    return c.extraOod().isEmpty() ? null : c.extraOod().get(0).name();
  }

  public static Path write(StudyRunner.Outcome o, Path dir, String command) {
    List<VariantResult> ranked = Conclusions.ranked(o.results());
    String ood = oodSet(o.config());
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("command", command);
    json.put("ranking", ranked.stream().map(VariantResult::key).toList());
    json.put("conclusions", Conclusions.of(o.results(), ood));
    json.put("variants", ranked);
    ReportWriter.writeJson(json, dir.resolve(RESULTS));
    plots(ranked, dir);

    StringBuilder sb = new StringBuilder();
    sb.append("# Dropout-placement study: ")
        .append(o.base().name())
        .append(" on ")
        .append(o.config().data())
        .append("\n\n");
    sb.append("Command:\n\n```\n").append(command).append("\n```\n\n");
    double trainSecs = o.results().stream().mapToDouble(VariantResult::trainSeconds).sum();
    sb.append(
        String.format(
            Locale.ROOT,
            "Base architecture `%s` (its dropout is replaced by each variant's), input %s; %d"
                + " variants, each trained for %d epoch(s) with the"
                + " same seed (%d) and budget; %d training images (%.0f%% of them held out for"
                + " validation), %d test images, MC dropout with %d samples. Total training time"
                + " %.1f min (wall clock, on a shared machine).%n%n",
            o.base().spec().text(),
            o.base().input(),
            o.results().size(),
            o.config().train().epochs(),
            o.config().train().seed(),
            o.data().train().size(),
            100 * o.config().train().valSplit(),
            o.data().test().size(),
            o.config().samples(),
            trainSecs / 60));
    for (String n : o.data().notes()) {
      sb.append("- ").append(n).append('\n');
    }
    sb.append("\n## Ranking by test NLL\n\n");
    sb.append(markdownTable(ranked, ood));
    sb.append(
        "\nNLL, accuracy and ECE are from MC dropout where the variant has dropout (deterministic in"
            + " brackets) and deterministic for `none`. Gap = train minus validation accuracy at the"
            + " last epoch, in points; the train numbers are running averages with dropout active,"
            + " so dropout lowers them by construction. Misclassification AUROC uses predictive"
            + " entropy"
            + (ood != null
                ? "; OOD AUROC is for `"
                    + ood
                    + "` with mutual information (MC) or entropy (deterministic)"
                : "")
            + ". 0.5 is chance. Time per image is measured warm on 100 test images at the study's"
            + " thread count.\n\n");
    sb.append("## What the numbers say\n\n");
    for (String c : Conclusions.of(o.results(), ood)) {
      sb.append("- ").append(c).append('\n');
    }
    sb.append("\n## Learning curves\n\n");
    sb.append("![validation loss](val-loss.png)\n![train/validation gap](gap.png)\n\n");
    for (VariantResult v : ranked) {
      sb.append("### ").append(v.key()).append(" — ").append(v.description()).append("\n\n");
      sb.append("`").append(v.spec()).append("`, ").append(v.parameters()).append(" parameters. ");
      sb.append("[Evaluation report](variants/")
          .append(v.key())
          .append("/evaluation/README.md)\n\n");
      sb.append("![")
          .append(v.key())
          .append(" learning curves](variants/")
          .append(v.key())
          .append("/history.png)\n\n");
    }
    Path page = dir.resolve(PAGE);
    ReportWriter.writeText(sb.toString(), page);
    return page;
  }

  private static String markdownTable(List<VariantResult> ranked, String ood) {
    StringBuilder sb = new StringBuilder();
    sb.append("| # | variant | test acc | NLL | ECE | gap (pts) | misclass. AUROC |");
    if (ood != null) {
      sb.append(" OOD AUROC |");
    }
    sb.append(" MC ms/img (x det) | train min |\n|---|---|---|---|---|---|---|");
    if (ood != null) {
      sb.append("---|");
    }
    sb.append("---|---|\n");
    int i = 1;
    for (VariantResult v : ranked) {
      VariantResult.Pass b = v.best();
      VariantResult.Pass d = v.deterministic();
      boolean mc = v.mc() != null;
      sb.append("| ").append(i++).append(" | ").append(v.key()).append(" | ");
      sb.append(Fmt.pct(b.accuracy()))
          .append(mc ? " (" + Fmt.pct(d.accuracy()) + ")" : "")
          .append(" | ");
      sb.append(Fmt.f4(b.nll())).append(mc ? " (" + Fmt.f4(d.nll()) + ")" : "").append(" | ");
      sb.append(Fmt.f4(b.ece())).append(mc ? " (" + Fmt.f4(d.ece()) + ")" : "").append(" | ");
      sb.append(String.format(Locale.ROOT, "%.2f", 100 * v.accuracyGap())).append(" | ");
      sb.append(Fmt.f3(b.misclassification("entropy"))).append(" | ");
      if (ood != null) {
        sb.append(Fmt.f3(mc ? b.ood(ood, "mutual-info") : d.ood(ood, "entropy"))).append(" | ");
      }
      sb.append(
          mc
              ? String.format(Locale.ROOT, "%.3f (%.1fx)", v.mc().msPerImage(), v.mcCostRatio())
              : "n/a");
      sb.append(" | ")
          .append(String.format(Locale.ROOT, "%.1f", v.trainSeconds() / 60))
          .append(" |\n");
    }
    return sb.toString();
  }

  /** The ranking as a terminal table. */
  public static String text(StudyRunner.Outcome o) {
    List<VariantResult> ranked = Conclusions.ranked(o.results());
    String ood = oodSet(o.config());
    List<String[]> rows = new ArrayList<>();
    rows.add(
        ood != null
            ? new String[] {
              "#",
              "variant",
              "acc",
              "NLL",
              "det NLL",
              "ECE",
              "gap",
              "misc AUROC",
              "OOD AUROC",
              "MC x"
            }
            : new String[] {
              "#", "variant", "acc", "NLL", "det NLL", "ECE", "gap", "misc AUROC", "MC x"
            });
    int i = 1;
    for (VariantResult v : ranked) {
      VariantResult.Pass b = v.best();
      List<String> r = new ArrayList<>();
      r.add(Integer.toString(i++));
      r.add(v.key());
      r.add(Fmt.pct(b.accuracy()));
      r.add(Fmt.f4(b.nll()));
      r.add(Fmt.f4(v.deterministic().nll()));
      r.add(Fmt.f4(b.ece()));
      r.add(String.format(Locale.ROOT, "%.2f", 100 * v.accuracyGap()));
      r.add(Fmt.f3(b.misclassification("entropy")));
      if (ood != null) {
        r.add(Fmt.f3(v.mc() != null ? b.ood(ood, "mutual-info") : b.ood(ood, "entropy")));
      }
      r.add(v.mc() != null ? String.format(Locale.ROOT, "%.1f", v.mcCostRatio()) : "n/a");
      rows.add(r.toArray(new String[0]));
    }
    StringBuilder sb = new StringBuilder(SummaryTable.table(rows));
    sb.append('\n');
    for (String c : Conclusions.of(o.results(), ood)) {
      sb.append("- ").append(c).append('\n');
    }
    return sb.toString();
  }

  private static void plots(List<VariantResult> ranked, Path dir) {
    List<Charts.Line> val = new ArrayList<>();
    List<Charts.Line> gap = new ArrayList<>();
    for (VariantResult v : ranked) {
      List<EpochStats> h = v.history();
      double[] x = h.stream().mapToDouble(EpochStats::epoch).toArray();
      val.add(new Charts.Line(v.key(), x, h.stream().mapToDouble(EpochStats::valLoss).toArray()));
      gap.add(
          new Charts.Line(
              v.key(),
              x,
              h.stream().mapToDouble(e -> 100 * (e.trainAccuracy() - e.valAccuracy())).toArray()));
    }
    Charts.lines(
        "Validation loss per epoch", "epoch", "validation NLL", val, dir.resolve("val-loss.png"));
    Charts.lines(
        "Train minus validation accuracy per epoch",
        "epoch",
        "gap (points)",
        gap,
        dir.resolve("gap.png"));
  }
}

package io.mcdrop.cli.classify;

import io.mcdrop.runtime.calibration.CalibrationSpec;
import io.mcdrop.runtime.mc.McOptions;
import io.mcdrop.runtime.stats.Prediction;
import io.mcdrop.runtime.verdict.Verdict;
import io.mcdrop.runtime.verdict.VerdictPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Renders predictions as an aligned, readable table with the engine's verdict word per image (the
 * verdict is computed once, in the runtime), and a legend below it saying what the words and any
 * {@code n/a} mean. Spread columns read n/a when nothing was sampled (T = 1).
 */
final class ResultTable {
  static final String NA = "n/a";

  private final VerdictPolicy policy;
  private final CalibrationSpec calibration;

  /**
   * @param policy the verdict thresholds in effect, for the legend
   * @param calibration the model's calibration when it was applied, else null
   */
  ResultTable(VerdictPolicy policy, CalibrationSpec calibration) {
    this.policy = policy;
    this.calibration = calibration;
  }

  ResultTable(VerdictPolicy policy) {
    this(policy, null);
  }

  String render(List<ClassifyCommand.Row> rows) {
    boolean runnersUp = rows.stream().anyMatch(r -> r.prediction().topK().size() > 1);
    List<String> head =
        new ArrayList<>(
            List.of("FILE", "LABEL", "P ± STD", "95% INTERVAL", "EPISTEMIC", "ALEATORIC"));
    if (runnersUp) {
      head.add("RUNNERS-UP");
    }
    boolean sets = rows.stream().anyMatch(r -> r.prediction().predictionSet() != null);
    if (sets) {
      head.add("SET");
    }
    head.addAll(List.of("T", "VERDICT"));
    List<List<String>> cells = new ArrayList<>();
    boolean anyUnsampled = false;
    for (ClassifyCommand.Row r : rows) {
      Prediction p = r.prediction();
      int k = p.index();
      boolean s = p.sampled();
      anyUnsampled |= !s;
      List<String> row = new ArrayList<>();
      row.add(r.file());
      row.add(p.label());
      row.add(
          s
              ? String.format(Locale.ROOT, "%.3f ± %.3f", p.probabilities()[k], p.std()[k])
              : String.format(Locale.ROOT, "%.3f ± %s", p.probabilities()[k], NA));
      row.add(s ? String.format(Locale.ROOT, "[%.2f, %.2f]", p.lower()[k], p.upper()[k]) : NA);
      row.add(s ? String.format(Locale.ROOT, "%.3f", p.mutualInformation()) : NA);
      row.add(String.format(Locale.ROOT, "%.3f", p.expectedEntropy()));
      if (runnersUp) {
        row.add(
            p.topK().stream()
                .skip(1)
                .map(c -> String.format(Locale.ROOT, "%s %.2f", c.label(), c.probability()))
                .collect(Collectors.joining(", ")));
      }
      if (sets) {
        row.add(p.predictionSet() == null ? NA : "{" + String.join(", ", p.predictionSet()) + "}");
      }
      row.add(Integer.toString(p.samples()));
      row.add(p.verdict().word());
      cells.add(row);
    }
    int[] width = new int[head.size()];
    for (int c = 0; c < head.size(); c++) {
      width[c] = head.get(c).length();
      for (List<String> row : cells) {
        width[c] = Math.max(width[c], row.get(c).length());
      }
    }
    StringBuilder sb = new StringBuilder();
    line(sb, head, width);
    for (List<String> row : cells) {
      line(sb, row, width);
    }
    if (rows.isEmpty()) {
      sb.append("(no images classified)\n");
      return sb.toString();
    }
    sb.append('\n').append(legend(rows.get(0).prediction().classes()));
    if (sets && calibration != null) {
      Prediction first = rows.get(0).prediction();
      sb.append(
          String.format(
              Locale.ROOT,
              "SET      calibrated (mcdrop.calibration, temperature %.3f): the set holds the true"
                  + " label for at least %.0f %% of images like the %d it was calibrated on"
                  + " ({} = an empty set: the model is right more often than that, so a set may"
                  + " leave out even its top label; the label and verdict still stand)."
                  + " --uncalibrated for the raw numbers.%n",
              first.temperature(),
              100 * (1 - calibration.alpha()),
              calibration.images()));
    }
    if (anyUnsampled) {
      sb.append(
          "n/a      one deterministic pass (T=1) measures no spread and no epistemic"
              + " uncertainty; sample with --samples "
              + McOptions.DEFAULT_SAMPLES
              + "\n");
    }
    return sb.toString();
  }

  private String legend(int classes) {
    String pad = " ".repeat("VERDICT  ".length());
    return String.format(
        Locale.ROOT,
        "VERDICT  %s: the dropout samples disagree, epistemic >= %s nats (T=1: entropy >= %s);"
            + " do not trust the label%n"
            + pad
            + "%s: the image could be more than one class, aleatoric >= %s nats or p < %s%n"
            + pad
            + "%s: neither%n"
            + pad
            + "EPISTEMIC and ALEATORIC are in nats, at most ln(%d) = %.2f%n",
        Verdict.UNCERTAIN.word(),
        num(policy.epistemic()),
        num(policy.deterministicEntropy()),
        Verdict.AMBIGUOUS.word(),
        num(policy.aleatoric()),
        num(policy.confidence()),
        Verdict.CONFIDENT.word(),
        classes,
        Math.log(classes));
  }

  /** A threshold as a person reads it: 0.1, 0.5, 0.103 (at most three decimals). */
  static String num(double d) {
    return new java.math.BigDecimal(d)
        .setScale(3, java.math.RoundingMode.HALF_UP)
        .stripTrailingZeros()
        .toPlainString();
  }

  private static void line(StringBuilder sb, List<String> cells, int[] width) {
    for (int c = 0; c < cells.size(); c++) {
      sb.append(cells.get(c));
      if (c < cells.size() - 1) {
        sb.append(" ".repeat(width[c] - cells.get(c).length() + 2));
      }
    }
    sb.append('\n');
  }
}

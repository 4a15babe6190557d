package io.mcdrop.cli.classify;

import io.mcdrop.runtime.stats.Prediction;
import java.util.List;
import java.util.Locale;

/**
 * Renders predictions as an aligned, readable table with the engine's verdict word per image;
 * spread columns read n/a when nothing was sampled (T = 1).
 */
final class ResultTable {
  /** The engine's verdict word (computed once, in the runtime). */
  String verdict(Prediction p) {
    return p.verdict().word();
  }

  String render(List<ClassifyCommand.Row> rows) {
    String[] head = {
      "FILE",
      "LABEL",
      "P ± STD",
      "95% INTERVAL",
      "EPISTEMIC",
      "ALEATORIC",
      "RUNNER-UP",
      "T",
      "VERDICT"
    };
    String[][] cells = new String[rows.size()][];
    for (int i = 0; i < rows.size(); i++) {
      Prediction p = rows.get(i).prediction();
      int k = p.index();
      String runnerUp =
          p.topK().size() > 1
              ? String.format(
                  Locale.ROOT, "%s %.2f", p.topK().get(1).label(), p.topK().get(1).probability())
              : "";
      cells[i] =
          new String[] {
            rows.get(i).file(),
            p.label(),
            p.sampled()
                ? String.format(Locale.ROOT, "%.3f ± %.3f", p.probabilities()[k], p.std()[k])
                : String.format(Locale.ROOT, "%.3f ± n/a", p.probabilities()[k]),
            p.sampled()
                ? String.format(Locale.ROOT, "[%.2f, %.2f]", p.lower()[k], p.upper()[k])
                : "n/a",
            p.sampled() ? String.format(Locale.ROOT, "%.3f", p.mutualInformation()) : "n/a",
            String.format(Locale.ROOT, "%.3f", p.expectedEntropy()),
            runnerUp,
            Integer.toString(p.samples()),
            verdict(p)
          };
    }
    int[] width = new int[head.length];
    for (int c = 0; c < head.length; c++) {
      width[c] = head[c].length();
      for (String[] row : cells) {
        width[c] = Math.max(width[c], row[c].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    line(sb, head, width);
    for (String[] row : cells) {
      line(sb, row, width);
    }
    if (rows.isEmpty()) {
      sb.append("(no images classified)\n");
    }
    return sb.toString();
  }

  private static void line(StringBuilder sb, String[] cells, int[] width) {
    for (int c = 0; c < cells.length; c++) {
      sb.append(cells[c]);
      if (c < cells.length - 1) {
        sb.append(" ".repeat(width[c] - cells[c].length() + 2));
      }
    }
    sb.append('\n');
  }
}

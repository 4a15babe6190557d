package io.mcdrop.evaluation.report;

import io.mcdrop.evaluation.EvaluationReport;
import io.mcdrop.evaluation.ood.OodResult;
import io.mcdrop.evaluation.predict.QualityMetrics;
import io.mcdrop.evaluation.predict.Score;
import io.mcdrop.evaluation.shift.ShiftPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The human-readable summary: deterministic and MC in two columns, one metric per row. */
public final class SummaryTable {
  private SummaryTable() {}

  public static String render(EvaluationReport r) {
    StringBuilder sb = new StringBuilder();
    sb.append("model '")
        .append(r.model())
        .append("' on ")
        .append(r.data())
        .append(": ")
        .append(r.deterministic().count())
        .append(" images, ")
        .append(r.classes().size())
        .append(" classes");
    if (r.mc() != null) {
      sb.append(", MC dropout with ").append(r.samples()).append(" samples");
    }
    sb.append("\n\n");
    List<String[]> rows = new ArrayList<>();
    rows.add(header(r, "metric"));
    row(rows, r, "accuracy", q -> Fmt.pct(q.accuracy()));
    row(rows, r, "NLL", q -> Fmt.f4(q.nll()));
    row(rows, r, "Brier", q -> Fmt.f4(q.brier()));
    row(rows, r, "ECE (15 bins)", q -> Fmt.f4(q.ece()));
    row(rows, r, "MCE", q -> Fmt.f4(q.mce()));
    for (Score s : Score.values()) {
      row(rows, r, "misclass. AUROC " + s.key(), q -> Fmt.f3(q.misclassificationAuroc().get(s)));
    }
    row(rows, r, "time per image", q -> Fmt.ms(q.msPerImage()));
    sb.append(table(rows));
    for (OodResult o : r.ood()) {
      sb.append("\nOOD ")
          .append(o.name())
          .append(" (")
          .append(o.description())
          .append(", ")
          .append(o.count())
          .append(" images): AUROC / FPR@95%TPR\n");
      List<String[]> orows = new ArrayList<>();
      orows.add(header(r, "score"));
      for (Score s : Score.values()) {
        String[] line = new String[r.mc() != null ? 3 : 2];
        line[0] = s.key();
        line[1] = sep(o.deterministic().get(s));
        if (r.mc() != null) {
          line[2] = sep(o.mc().get(s));
        }
        orows.add(line);
      }
      sb.append(table(orows));
    }
    if (!r.shift().isEmpty()) {
      sb.append("\nRotation shift (").append(r.shiftSpec()).append("): accuracy / NLL / ECE\n");
      List<String[]> srows = new ArrayList<>();
      srows.add(header(r, "angle"));
      for (ShiftPoint p : r.shift()) {
        String[] line = new String[r.mc() != null ? 3 : 2];
        line[0] = Fmt.f3(p.angle()).replaceAll("\\.?0+$", "") + "°";
        line[1] = shiftCell(p.deterministic());
        if (p.mc() != null) {
          line[2] = shiftCell(p.mc());
        }
        srows.add(line);
      }
      sb.append(table(srows));
    }
    if (r.calibration() != null) {
      sb.append(CalibrationReport.table(r));
    }
    return sb.toString();
  }

  private static String shiftCell(QualityMetrics q) {
    return Fmt.pct(q.accuracy()) + " / " + Fmt.f3(q.nll()) + " / " + Fmt.f3(q.ece());
  }

  private static String sep(OodResult.Separation s) {
    return s == null ? "n/a" : Fmt.f3(s.auroc()) + " / " + Fmt.f3(s.fprAt95Tpr());
  }

  private static String[] header(EvaluationReport r, String first) {
    return r.mc() != null
        ? new String[] {first, "deterministic", "MC (T=" + r.samples() + ")"}
        : new String[] {first, "deterministic"};
  }

  private static void row(
      List<String[]> rows, EvaluationReport r, String name, Function<QualityMetrics, String> f) {
    rows.add(
        r.mc() != null
            ? new String[] {name, f.apply(r.deterministic()), f.apply(r.mc())}
            : new String[] {name, f.apply(r.deterministic())});
  }

  /** Column-aligned text; first column left-aligned, the others right-aligned. */
  public static String table(List<String[]> rows) {
    int cols = rows.get(0).length;
    int[] w = new int[cols];
    for (String[] row : rows) {
      for (int c = 0; c < cols; c++) {
        w[c] = Math.max(w[c], row[c].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (String[] row : rows) {
      for (int c = 0; c < cols; c++) {
        if (c > 0) {
          sb.append("  ");
        }
        sb.append(Fmt.pad(row[c], w[c], c > 0));
      }
      sb.append('\n');
    }
    return sb.toString();
  }
}

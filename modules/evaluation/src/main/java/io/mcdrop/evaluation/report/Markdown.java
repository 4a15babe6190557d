package io.mcdrop.evaluation.report;

import io.mcdrop.evaluation.EvaluationReport;
import java.util.List;
import java.util.Locale;

/** The report page: the summary tables and the plots, in Markdown. */
final class Markdown {
  private Markdown() {}

  static String page(
      EvaluationReport r, List<String> reliability, List<String> shift, List<String> ood) {
    StringBuilder sb = new StringBuilder();
    sb.append("# Evaluation of ").append(r.model()).append(" on ").append(r.data()).append("\n\n");
    sb.append(
        String.format(
            Locale.ROOT,
            "%d test images, %d classes, %s, seed %d, %.1f s. Metrics in `%s`.%n%n",
            r.deterministic().count(),
            r.classes().size(),
            r.mc() == null ? "deterministic only" : "MC dropout with " + r.samples() + " samples",
            r.seed(),
            r.seconds(),
            ReportWriter.METRICS));
    sb.append("```\n").append(SummaryTable.render(r)).append("```\n\n");
    sb.append(
        "Misclassification and OOD AUROC: 0.5 is chance, 1.0 perfect; scores are oriented so"
            + " that higher means less sure (max-prob is 1 - max probability). Mutual information"
            + " and variation ratio are zero without MC samples and are reported as n/a.\n\n");
    sb.append("## Reliability\n\n");
    for (String p : reliability) {
      sb.append("![").append(p).append("](").append(p).append(")\n");
    }
    if (!shift.isEmpty()) {
      sb.append("\n## Rotation shift (").append(r.shiftSpec()).append(")\n\n");
      for (String p : shift) {
        sb.append("![").append(p).append("](").append(p).append(")\n");
      }
    }
    if (!ood.isEmpty()) {
      sb.append("\n## Out-of-distribution score histograms\n\n");
      for (String p : ood) {
        sb.append("![").append(p).append("](").append(p).append(")\n");
      }
    }
    return sb.toString();
  }
}

package io.mcdrop.onnx.advice;

import java.util.List;
import java.util.Locale;

/** Renders an {@link Advice} as a plain-text report for a terminal. */
public final class AdviceText {
  private AdviceText() {}

  public static String render(Advice a) {
    StringBuilder sb = new StringBuilder();
    sb.append("Model review: ").append(a.model()).append('\n');
    sb.append(
        String.format(
            Locale.ROOT,
            "  producer %s, opset %d, input %s per image, batch axis %s%n",
            a.producer().isEmpty() ? "?" : a.producer(),
            a.opset(),
            a.input(),
            a.dynamicBatch() ? "dynamic" : "fixed"));
    if (a.spec() != null) {
      sb.append("  spec: ").append(a.spec()).append('\n');
    }
    sb.append('\n');
    if (a.dropouts().isEmpty()) {
      sb.append("Dropout: none.\n\n");
    } else {
      sb.append("Dropout (").append(a.dropouts().size()).append("):\n");
      int i = 1;
      for (DropoutSite d : a.dropouts()) {
        sb.append(
            String.format(
                Locale.ROOT,
                "  %d. %s  rate %s, %s, stage %s%n     after %s%n     %s%s%s%n",
                i++,
                d.node(),
                Checks.rate(d.rate()),
                d.unit() == DropoutSite.Unit.CHANNEL
                    ? "channel-wise"
                    : d.featureMap() ? "element-wise on a feature map" : "element-wise",
                d.stage(),
                d.after(),
                d.afterBatchNorm() ? "after batch norm" : "not after batch norm",
                switch (d.batchNorm()) {
                  case DIRECTLY -> ", right BEFORE a batch norm";
                  case AFTER_NEXT_LAYER -> ", a batch norm follows after the next layer";
                  case NONE -> "";
                },
                (d.residualBranch() ? ", inside a residual branch" : ", on the main path")
                    + (d.units() >= 0
                        ? String.format(
                            Locale.ROOT,
                            "; drops %s of %d units per image",
                            Checks.num(d.droppedUnits()),
                            d.units())
                        : "")));
      }
      sb.append('\n');
      sb.append("Expected units dropped per forward pass, by stage:\n");
      for (StageBudget s : a.stages()) {
        sb.append(
            String.format(
                Locale.ROOT,
                "  %-8s %2d layer(s) %9s units   dropped %8s  (%s)%n",
                s.stage(),
                s.layers(),
                s.units() < 0 ? "?" : Long.toString(s.units()),
                Checks.num(s.droppedUnits()),
                Checks.pct(s.fraction())));
      }
      sb.append(
          String.format(
              Locale.ROOT,
              "  total    %s of %s hidden units (%s)%n%n",
              Checks.num(a.totalDroppedUnits()),
              a.totalUnits() < 0 ? "?" : Long.toString(a.totalUnits()),
              Checks.pct(a.droppedFraction())));
    }
    sb.append("Findings:\n");
    for (Finding f : a.findings()) {
      sb.append("  [").append(f.severity().name().toLowerCase(Locale.ROOT)).append("] ");
      sb.append(f.code()).append('\n');
      wrap(sb, f.message(), "    ");
      wrap(sb, "evidence: " + f.evidence(), "    ");
    }
    sb.append('\n');
    McCost mc = a.mc();
    sb.append("MC dropout: ").append(strategy(mc.strategy()));
    if (Double.isFinite(mc.costVsDeterministic())) {
      sb.append(
          String.format(
              Locale.ROOT,
              "; T=%d costs about %.1fx a deterministic pass",
              mc.samples(),
              mc.costVsDeterministic()));
    }
    sb.append("\n\n");
    sb.append("What to try next:\n");
    for (String n : a.next()) {
      wrap(sb, "- " + n, "  ", "    ");
    }
    if (a.studyCommand() != null) {
      sb.append("\nStudy command for this architecture:\n  ").append(a.studyCommand()).append('\n');
    }
    return sb.toString();
  }

  private static String strategy(String s) {
    return switch (s) {
      case "trunk" -> "trunk-cached (trunk once per image, head sampled)";
      case "batched" -> "full passes, tiled into one batched run";
      case "loop" -> "full passes, one run per sample";
      default -> "not possible";
    };
  }

  /** Appends {@code text} wrapped at 100 columns, each line indented. */
  static void wrap(StringBuilder sb, String text, String indent) {
    wrap(sb, text, indent, indent);
  }

  /** As {@link #wrap(StringBuilder, String, String)}, later lines indented by {@code hanging}. */
  static void wrap(StringBuilder sb, String text, String indent, String hanging) {
    int width = 100 - hanging.length();
    List<String> words = List.of(text.split(" "));
    StringBuilder line = new StringBuilder();
    for (String w : words) {
      if (line.length() > 0 && line.length() + 1 + w.length() > width) {
        sb.append(indent).append(line).append('\n');
        line.setLength(0);
        indent = hanging;
      }
      if (line.length() > 0) {
        line.append(' ');
      }
      line.append(w);
    }
    if (line.length() > 0) {
      sb.append(indent).append(line).append('\n');
    }
  }
}

package io.mcdrop.evaluation.report;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.evaluation.EvaluationReport;
import io.mcdrop.evaluation.calibrate.CalibrationSection;
import io.mcdrop.metrics.Calibration;
import io.mcdrop.runtime.calibration.CalibrationSpec;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;

/** The calibration section of a report: its table, its JSON and its reliability diagrams. */
public final class CalibrationReport {
  private CalibrationReport() {}

  /** Text for the summary table. */
  public static String table(EvaluationReport r) {
    CalibrationSection c = r.calibration();
    CalibrationSpec s = c.spec();
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "%nCalibration (stored in the model: %s conformal sets at alpha %s, %d calibration"
                + " images: %s)%n",
            s.score().type().word(),
            trim(s.alpha()),
            s.images(),
            s.data()));
    List<String[]> rows = new ArrayList<>();
    boolean mc = c.mc() != null;
    rows.add(
        mc
            ? new String[] {"before -> after", "deterministic", "MC (T=" + c.mc().samples() + ")"}
            : new String[] {"before -> after", "deterministic"});
    rows.add(line(c, "temperature", b -> "1 -> " + Fmt.f3(b.temperature())));
    rows.add(line(c, "NLL", b -> Fmt.f4(b.before().nll()) + " -> " + Fmt.f4(b.after().nll())));
    rows.add(
        line(c, "Brier", b -> Fmt.f4(b.before().brier()) + " -> " + Fmt.f4(b.after().brier())));
    rows.add(
        line(c, "ECE (15 bins)", b -> Fmt.f4(b.before().ece()) + " -> " + Fmt.f4(b.after().ece())));
    rows.add(
        line(
            c,
            "ECE if perfectly calibrated",
            b -> Fmt.f4(b.eceFloor().mean()) + " +/- " + Fmt.f4(b.eceFloor().sd())));
    rows.add(
        line(
            c,
            "accuracy",
            b -> Fmt.pct(b.before().accuracy()) + " -> " + Fmt.pct(b.after().accuracy())));
    sb.append(SummaryTable.table(rows));
    for (CalibrationSection.Coverage cov : coverages(c)) {
      sb.append(
          String.format(
              Locale.ROOT,
              "%nConformal sets, %s: coverage %.4f (target >= %.2f), mean set size %.3f,"
                  + " singletons %s, empty %s%n",
              cov.mode(),
              cov.coverage(),
              1 - s.alpha(),
              cov.meanSetSize(),
              Fmt.pct(cov.singleton()),
              Fmt.pct(cov.empty())));
      StringBuilder pc = new StringBuilder("  per class:");
      for (int k = 0; k < cov.perClass().length; k++) {
        pc.append(String.format(Locale.ROOT, " %s %.3f", r.classes().get(k), cov.perClass()[k]));
        pc.append(k < cov.perClass().length - 1 ? "," : "\n");
      }
      sb.append(pc);
    }
    sb.append(
        String.format(
            Locale.ROOT,
            "%nUncertain thresholds (%.0f %% of calibration images below): entropy > %.4f"
                + " (deterministic)%s%n",
            100 * s.acceptance(),
            s.deterministic().entropyThreshold(),
            s.mc() == null
                ? ""
                : String.format(
                    Locale.ROOT,
                    ", entropy > %.4f and mutual information > %.4f (MC)",
                    s.mc().entropyThreshold(),
                    s.mc().mutualInformationThreshold())));
    sb.append(
        String.format(
            Locale.ROOT,
            "  test images flagged (FPR, design %.2f): entropy det %s%s%n",
            1 - s.acceptance(),
            Fmt.f3(c.ood().isEmpty() ? Double.NaN : c.ood().get(0).entropyFprDeterministic()),
            c.ood().isEmpty() || !mc
                ? ""
                : ", entropy MC "
                    + Fmt.f3(c.ood().get(0).entropyFprMc())
                    + ", mutual information MC "
                    + Fmt.f3(c.ood().get(0).mutualInformationFpr())));
    for (CalibrationSection.OodRates o : c.ood()) {
      sb.append(
          String.format(
              Locale.ROOT,
              "  OOD %s flagged (TPR): entropy det %s%s%n",
              o.name(),
              Fmt.f3(o.entropyTprDeterministic()),
              mc
                  ? ", entropy MC "
                      + Fmt.f3(o.entropyTprMc())
                      + ", mutual information MC "
                      + Fmt.f3(o.mutualInformationTpr())
                  : ""));
    }
    return sb.toString();
  }

  private interface Cell {
    String of(CalibrationSection.BeforeAfter b);
  }

  private static String[] line(CalibrationSection c, String name, Cell f) {
    return c.mc() != null
        ? new String[] {name, f.of(c.deterministic()), f.of(c.mc())}
        : new String[] {name, f.of(c.deterministic())};
  }

  private static List<CalibrationSection.Coverage> coverages(CalibrationSection c) {
    return c.mc() != null
        ? List.of(c.conformalDeterministic(), c.conformal())
        : List.of(c.conformal());
  }

  /**
   * JSON keys {@code calibrated.deterministic.{nll,ece,...}}, {@code calibrated.mc.{...}}, {@code
   * conformal.{coverage,meanSetSize,...}} and {@code calibration} (the stored fit and the OOD
   * threshold rates), added to {@code m}.
   */
  public static void json(EvaluationReport r, Map<String, Object> m) {
    CalibrationSection c = r.calibration();
    Map<String, Object> cal = new LinkedHashMap<>();
    cal.put("deterministic", beforeAfter(c.deterministic()));
    cal.put("mc", c.mc() == null ? null : beforeAfter(c.mc()));
    m.put("calibrated", cal);
    Map<String, Object> conf = coverage(c.conformal(), r.classes());
    conf.put("score", c.spec().score().type().word());
    conf.put("alpha", c.spec().alpha());
    conf.put("calibrationImages", c.spec().images());
    if (c.mc() != null) {
      conf.put("deterministic", coverage(c.conformalDeterministic(), r.classes()));
    }
    m.put("conformal", conf);
    Map<String, Object> th = new LinkedHashMap<>();
    th.put("acceptance", c.spec().acceptance());
    th.put("entropyDeterministic", c.spec().deterministic().entropyThreshold());
    if (c.spec().mc() != null) {
      th.put("entropyMc", c.spec().mc().entropyThreshold());
      th.put("mutualInformationMc", c.spec().mc().mutualInformationThreshold());
    }
    List<Object> ood = new ArrayList<>();
    for (CalibrationSection.OodRates o : c.ood()) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("name", o.name());
      e.put("images", o.images());
      e.put(
          "entropyDeterministic", rates(o.entropyTprDeterministic(), o.entropyFprDeterministic()));
      e.put("entropyMc", c.mc() == null ? null : rates(o.entropyTprMc(), o.entropyFprMc()));
      e.put(
          "mutualInformationMc",
          c.mc() == null ? null : rates(o.mutualInformationTpr(), o.mutualInformationFpr()));
      ood.add(e);
    }
    th.put("ood", ood);
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("data", c.spec().data());
    spec.put("date", c.spec().date());
    spec.put("thresholds", th);
    m.put("calibration", spec);
  }

  private static Map<String, Object> beforeAfter(CalibrationSection.BeforeAfter b) {
    Map<String, Object> m = ReportJson.quality(b.after(), true);
    m.put("temperature", b.temperature());
    m.put("samples", b.samples());
    m.put("before", ReportJson.quality(b.before(), false));
    Map<String, Object> floor = new LinkedHashMap<>();
    floor.put("mean", b.eceFloor().mean());
    floor.put("sd", b.eceFloor().sd());
    floor.put("p95", b.eceFloor().p95());
    m.put("eceFloor", floor);
    return m;
  }

  private static Map<String, Object> coverage(CalibrationSection.Coverage c, List<String> classes) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("mode", c.mode());
    m.put("coverage", c.coverage());
    m.put("meanSetSize", c.meanSetSize());
    m.put("singleton", c.singleton());
    m.put("empty", c.empty());
    Map<String, Object> pc = new LinkedHashMap<>();
    for (int k = 0; k < c.perClass().length; k++) {
      pc.put(classes.get(k), ReportJson.num(c.perClass()[k]));
    }
    m.put("perClass", pc);
    m.put("setSizeCounts", c.sizeCounts());
    return m;
  }

  private static Map<String, Object> rates(double tpr, double fpr) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("tpr", ReportJson.num(tpr));
    m.put("fpr", ReportJson.num(fpr));
    return m;
  }

  /** Writes the before/after reliability diagrams; returns their file names. */
  public static List<String> plots(EvaluationReport r, Path dir) {
    CalibrationSection c = r.calibration();
    List<String> files = new ArrayList<>();
    diagram(c.deterministic(), "deterministic", dir.resolve("calibration-deterministic.png"));
    files.add("calibration-deterministic.png");
    if (c.mc() != null) {
      diagram(c.mc(), "MC dropout T=" + c.mc().samples(), dir.resolve("calibration-mc.png"));
      files.add("calibration-mc.png");
    }
    return files;
  }

  /**
   * A reliability diagram before and after calibration (accuracy per confidence bin against the
   * diagonal) over a histogram of how many images fall in each bin.
   */
  static void diagram(CalibrationSection.BeforeAfter b, String title, Path png) {
    Calibration.Result before = b.before().calibration();
    Calibration.Result after = b.after().calibration();
    List<String> centres = new ArrayList<>();
    List<Double> accBefore = new ArrayList<>();
    List<Double> accAfter = new ArrayList<>();
    List<Double> diag = new ArrayList<>();
    List<Double> nBefore = new ArrayList<>();
    List<Double> nAfter = new ArrayList<>();
    for (int i = 0; i < before.bins().length; i++) {
      Calibration.Bin x = before.bins()[i];
      Calibration.Bin y = after.bins()[i];
      double centre = (x.lower() + x.upper()) / 2;
      centres.add(String.format(Locale.ROOT, "%.2f", centre));
      accBefore.add(x.count() == 0 ? 0.0 : x.accuracy());
      accAfter.add(y.count() == 0 ? 0.0 : y.accuracy());
      diag.add(centre);
      nBefore.add((double) x.count());
      nAfter.add((double) y.count());
    }
    CategoryChart top =
        new CategoryChartBuilder()
            .width(720)
            .height(420)
            .title(
                String.format(
                    Locale.ROOT,
                    "Reliability, %s: ECE %.4f -> %.4f (T = %.3f)",
                    title,
                    before.ece(),
                    after.ece(),
                    b.temperature()))
            .xAxisTitle("confidence (bin centre)")
            .yAxisTitle("accuracy")
            .build();
    top.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
    top.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
    top.addSeries("uncalibrated", centres, accBefore);
    top.addSeries("calibrated", centres, accAfter);
    top.addSeries("perfect calibration", centres, diag)
        .setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
    CategoryChart bottom =
        new CategoryChartBuilder()
            .width(720)
            .height(240)
            .title("images per confidence bin")
            .xAxisTitle("confidence (bin centre)")
            .yAxisTitle("images")
            .build();
    bottom.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
    bottom.addSeries("uncalibrated", centres, nBefore);
    bottom.addSeries("calibrated", centres, nAfter);
    BufferedImage a = BitmapEncoder.getBufferedImage(top);
    BufferedImage z = BitmapEncoder.getBufferedImage(bottom);
    BufferedImage out =
        new BufferedImage(a.getWidth(), a.getHeight() + z.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.drawImage(a, 0, 0, null);
    g.drawImage(z, 0, a.getHeight(), null);
    g.dispose();
    try {
      ImageIO.write(out, "png", png.toFile());
    } catch (IOException e) {
      throw new McdropException(
          ErrorCode.NOT_FOUND, "cannot write plot " + png + ": " + e.getMessage(), e);
    }
  }

  private static String trim(double v) {
    return String.format(Locale.ROOT, "%.3g", v);
  }
}

package io.mcdrop.evaluation.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.evaluation.EvaluationReport;
import io.mcdrop.evaluation.ood.OodResult;
import io.mcdrop.evaluation.predict.QualityMetrics;
import io.mcdrop.evaluation.predict.Score;
import io.mcdrop.evaluation.shift.ShiftPoint;
import io.mcdrop.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Writes an evaluation report folder: {@code metrics.json}, the plots, and {@code README.md}
 * showing them with the summary tables.
 */
public final class ReportWriter {
  public static final String METRICS = "metrics.json";
  public static final String PAGE = "README.md";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ReportWriter() {}

  /** Writes everything into {@code dir} (created if needed) and returns the page's path. */
  public static Path write(EvaluationReport r, Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new McdropException(
          ErrorCode.NOT_FOUND, "cannot create report folder " + dir + ": " + e.getMessage(), e);
    }
    writeJson(ReportJson.of(r), dir.resolve(METRICS));
    List<String> plots = new ArrayList<>();
    Charts.reliability(
        r.deterministic().calibration(),
        "Reliability, deterministic",
        dir.resolve("reliability-deterministic.png"));
    plots.add("reliability-deterministic.png");
    if (r.mc() != null) {
      Charts.reliability(
          r.mc().calibration(),
          "Reliability, MC dropout T=" + r.samples(),
          dir.resolve("reliability-mc.png"));
      plots.add("reliability-mc.png");
    }
    if (r.calibration() != null) {
      plots.addAll(CalibrationReport.plots(r, dir));
    }
    List<String> shiftPlots = shiftPlots(r, dir);
    List<String> oodPlots = oodPlots(r, dir);
    String page = Markdown.page(r, plots, shiftPlots, oodPlots);
    writeText(page, dir.resolve(PAGE));
    return dir.resolve(PAGE);
  }

  private static List<String> shiftPlots(EvaluationReport r, Path dir) {
    List<String> out = new ArrayList<>();
    if (r.shift().isEmpty()) {
      return out;
    }
    double[] angles = r.shift().stream().mapToDouble(ShiftPoint::angle).toArray();
    record Metric(String key, String title, ToDoubleFunction<QualityMetrics> f) {}
    for (Metric m :
        List.of(
            new Metric("accuracy", "accuracy", QualityMetrics::accuracy),
            new Metric("nll", "NLL (nats)", QualityMetrics::nll),
            new Metric("ece", "ECE (15 bins)", QualityMetrics::ece))) {
      List<Charts.Line> lines = new ArrayList<>();
      lines.add(
          Charts.line(
              "deterministic", angles, r.shift(), p -> m.f().applyAsDouble(p.deterministic())));
      if (r.mc() != null) {
        lines.add(
            Charts.line(
                "MC dropout T=" + r.samples(),
                angles,
                r.shift(),
                p -> m.f().applyAsDouble(p.mc())));
      }
      String file = "shift-" + m.key() + ".png";
      Charts.lines(
          "Rotation shift: " + m.title(),
          "rotation (degrees)",
          m.title(),
          lines,
          dir.resolve(file));
      out.add(file);
    }
    return out;
  }

  private static List<String> oodPlots(EvaluationReport r, Path dir) {
    List<String> out = new ArrayList<>();
    String pass = r.mc() != null ? "MC T=" + r.samples() : "deterministic";
    for (OodResult o : r.ood()) {
      for (Score s : List.of(Score.ENTROPY, Score.MUTUAL_INFORMATION)) {
        if (!o.inScores().containsKey(s)) {
          continue;
        }
        String file = "ood-" + o.name() + "-" + s.key() + ".png";
        Charts.histogram(
            s.key() + ": in-distribution vs " + o.name() + " (" + pass + ")",
            s.key() + " (nats)",
            o.inScores().get(s),
            o.outScores().get(s),
            o.name(),
            dir.resolve(file));
        out.add(file);
      }
    }
    return out;
  }

  /** Writes JSON atomically (temp file, then rename). */
  public static void writeJson(Object value, Path file) {
    try {
      writeText(JSON.writeValueAsString(value) + "\n", file);
    } catch (IOException e) {
      throw new McdropException(
          ErrorCode.INTERNAL, "cannot encode " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes text atomically (temp file, then rename), so a crash never leaves half a file; like
   * every report file it is an ordinary 0644 file ({@link AtomicFiles}).
   */
  public static void writeText(String text, Path file) {
    try {
      AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new McdropException(
          ErrorCode.NOT_FOUND, "cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}

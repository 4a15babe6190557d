package io.mcdrop.evaluation.report;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.io.AtomicFiles;
import io.mcdrop.metrics.Calibration;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.Histogram;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;

/** The report's plots, drawn with XChart and saved as PNG. */
public final class Charts {
  static {
    System.setProperty("java.awt.headless", "true");
  }

  private static final int WIDTH = 720;
  private static final int HEIGHT = 480;

  private Charts() {}

  /** One named line of an XY plot. */
  public record Line(String name, double[] x, double[] y) {}

  /**
   * Reliability diagram: accuracy per confidence bin as bars (empty bins have none) against the
   * diagonal a perfectly calibrated model would follow.
   */
  public static void reliability(Calibration.Result cal, String title, Path png) {
    CategoryChart c =
        new CategoryChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(
                String.format(Locale.ROOT, "%s (ECE %.4f, MCE %.4f)", title, cal.ece(), cal.mce()))
            .xAxisTitle("confidence (bin centre)")
            .yAxisTitle("accuracy")
            .build();
    List<String> centres = new ArrayList<>();
    List<Double> acc = new ArrayList<>();
    List<Double> diag = new ArrayList<>();
    for (Calibration.Bin b : cal.bins()) {
      double centre = (b.lower() + b.upper()) / 2;
      centres.add(String.format(Locale.ROOT, "%.2f", centre));
      acc.add(b.count() == 0 ? 0.0 : b.accuracy());
      diag.add(centre);
    }
    c.getStyler().setOverlapped(true).setYAxisMin(0.0).setYAxisMax(1.0);
    c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
    c.addSeries("accuracy", centres, acc);
    c.addSeries("perfect calibration", centres, diag)
        .setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
    save(c, png);
  }

  /** Lines on shared axes (shift curves, learning curves, metric comparisons). */
  public static void lines(String title, String xTitle, String yTitle, List<Line> lines, Path png) {
    XYChart c =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .xAxisTitle(xTitle)
            .yAxisTitle(yTitle)
            .build();
    for (Line l : lines) {
      c.addSeries(l.name(), l.x(), l.y());
    }
    save(c, png);
  }

  /**
   * Overlaid histograms of a score for in- and out-of-distribution images, each normalised to
   * fractions of its own set so sets of different sizes compare.
   */
  public static void histogram(
      String title, String xTitle, double[] in, double[] out, String outName, Path png) {
    double max = Math.max(max(in), max(out));
    double min = Math.min(min(in), min(out));
    if (!(max > min)) {
      max = min + 1e-6;
    }
    int bins = 30;
    CategoryChart c =
        new CategoryChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .xAxisTitle(xTitle)
            .yAxisTitle("fraction of images")
            .build();
    c.getStyler().setOverlapped(true).setXAxisDecimalPattern("0.00");
    c.getStyler().setXAxisLabelRotation(90);
    addHistogram(c, "in-distribution", in, bins, min, max);
    addHistogram(c, outName, out, bins, min, max);
    save(c, png);
  }

  private static void addHistogram(
      CategoryChart c, String name, double[] v, int bins, double min, double max) {
    Histogram h = new Histogram(Arrays.stream(v).boxed().toList(), bins, min, max);
    List<Double> y = new ArrayList<>();
    for (double count : h.getyAxisData()) {
      y.add(v.length == 0 ? 0 : count / v.length);
    }
    c.addSeries(name, h.getxAxisData(), y);
  }

  /**
   * One series of estimates with their uncertainty, one value per category ({@code NaN} = not
   * measured there, drawn as a gap).
   */
  public record IntervalSeries(String name, double[] mean, double[] halfWidth) {}

  /**
   * Means with 95 % intervals per category (e.g. a study's variants), as dots with error bars, so a
   * reader sees at once which intervals overlap.
   */
  public static void intervals(
      String title, String yTitle, List<String> categories, List<IntervalSeries> series, Path png) {
    CategoryChart c =
        new CategoryChartBuilder()
            .width(Math.max(WIDTH, 60 * categories.size()))
            .height(HEIGHT)
            .title(title)
            .yAxisTitle(yTitle)
            .build();
    c.getStyler().setXAxisLabelRotation(60).setErrorBarsColorSeriesColor(true);
    c.getStyler().setYAxisDecimalPattern("0.000");
    c.getStyler().setMarkerSize(9);
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (IntervalSeries s : series) {
      for (int i = 0; i < s.mean().length; i++) {
        double h = Double.isFinite(s.halfWidth()[i]) ? s.halfWidth()[i] : 0;
        if (Double.isFinite(s.mean()[i])) {
          lo = Math.min(lo, s.mean()[i] - h);
          hi = Math.max(hi, s.mean()[i] + h);
        }
      }
    }
    if (lo < hi) {
      // the values' own range, not from zero: the differences are what a reader compares
      double pad = 0.08 * (hi - lo);
      c.getStyler().setYAxisMin(lo - pad).setYAxisMax(hi + pad);
    }
    for (IntervalSeries s : series) {
      // XChart takes no null values: a series lists only the categories it has a value for
      List<String> x = new ArrayList<>();
      List<Double> y = new ArrayList<>();
      List<Double> e = new ArrayList<>();
      for (int i = 0; i < categories.size(); i++) {
        double m = s.mean()[i];
        double h = s.halfWidth()[i];
        if (Double.isFinite(m)) {
          x.add(categories.get(i));
          y.add(m);
          e.add(Double.isFinite(h) ? h : 0.0);
        }
      }
      if (y.isEmpty()) {
        continue;
      }
      c.addSeries(s.name(), x, y, e)
          .setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Scatter);
    }
    save(c, png);
  }

  /** A line per series over one x; helper for metric-vs-angle plots. */
  public static <T> Line line(String name, double[] x, List<T> points, ToDoubleFunction<T> y) {
    double[] ys = new double[points.size()];
    for (int i = 0; i < ys.length; i++) {
      ys[i] = y.applyAsDouble(points.get(i));
    }
    return new Line(name, x, ys);
  }

  private static double max(double[] v) {
    return Arrays.stream(v).filter(Double::isFinite).max().orElse(0);
  }

  private static double min(double[] v) {
    return Arrays.stream(v).filter(Double::isFinite).min().orElse(0);
  }

  static void save(Chart<?, ?> chart, Path png) {
    String file = png.toAbsolutePath().toString();
    if (!file.endsWith(".png")) {
      throw new IllegalArgumentException("chart file must end in .png: " + png);
    }
    try {
      // through AtomicFiles like every report file: atomic, and 0644 whatever the umask
      AtomicFiles.write(png, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
    } catch (IOException e) {
      throw new McdropException(
          ErrorCode.NOT_FOUND, "cannot write plot " + png + ": " + e.getMessage(), e);
    }
  }
}

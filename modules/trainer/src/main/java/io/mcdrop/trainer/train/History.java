package io.mcdrop.trainer.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.trainer.config.EpochStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/** Per-epoch statistics, written as CSV, JSON and a learning-curve PNG (train vs validation). */
public final class History {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private final List<EpochStats> epochs = new ArrayList<>();

  public History() {}

  public History(List<EpochStats> initial) {
    epochs.addAll(initial);
  }

  public void add(EpochStats s) {
    epochs.add(s);
  }

  public List<EpochStats> epochs() {
    return List.copyOf(epochs);
  }

  public EpochStats last() {
    return epochs.isEmpty() ? null : epochs.get(epochs.size() - 1);
  }

  public String toCsv() {
    StringBuilder sb =
        new StringBuilder("epoch,train_loss,train_acc,val_loss,val_acc,lr,seconds\n");
    for (EpochStats e : epochs) {
      sb.append(
          String.format(
              Locale.ROOT,
              "%d,%.6f,%.6f,%.6f,%.6f,%.6g,%.2f%n",
              e.epoch(),
              e.trainLoss(),
              e.trainAccuracy(),
              e.valLoss(),
              e.valAccuracy(),
              e.lr(),
              e.seconds()));
    }
    return sb.toString();
  }

  /**
   * Writes {@code base.csv}, {@code base.json} and {@code base.png} ({@code base} is a path without
   * extension).
   */
  public void write(Path base) {
    try {
      Path dir = base.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      String name = base.getFileName().toString();
      Files.writeString(dir.resolve(name + ".csv"), toCsv());
      JSON.writeValue(dir.resolve(name + ".json").toFile(), epochs);
      writeChart(dir.resolve(name + ".png"));
    } catch (IOException e) {
      throw new McdropException(
          ErrorCode.NOT_FOUND, "cannot write training history " + base + ": " + e.getMessage(), e);
    }
  }

  private void writeChart(Path png) throws IOException {
    if (epochs.isEmpty()) {
      return;
    }
    System.setProperty("java.awt.headless", "true");
    double[] x = epochs.stream().mapToDouble(EpochStats::epoch).toArray();
    XYChart loss =
        new XYChartBuilder()
            .width(900)
            .height(420)
            .title("Learning curves (the train/validation gap is what dropout is for)")
            .xAxisTitle("epoch")
            .yAxisTitle("loss / error")
            .build();
    loss.addSeries("train loss", x, epochs.stream().mapToDouble(EpochStats::trainLoss).toArray());
    boolean hasVal = epochs.stream().anyMatch(e -> !Double.isNaN(e.valLoss()));
    if (hasVal) {
      loss.addSeries(
          "validation loss", x, epochs.stream().mapToDouble(EpochStats::valLoss).toArray());
    }
    loss.addSeries(
        "train error", x, epochs.stream().mapToDouble(e -> 1 - e.trainAccuracy()).toArray());
    if (hasVal) {
      loss.addSeries(
          "validation error", x, epochs.stream().mapToDouble(e -> 1 - e.valAccuracy()).toArray());
    }
    String file = png.toString();
    BitmapEncoder.saveBitmap(
        loss, file.substring(0, file.length() - 4), BitmapEncoder.BitmapFormat.PNG);
  }
}

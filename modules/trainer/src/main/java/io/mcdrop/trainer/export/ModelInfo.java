package io.mcdrop.trainer.export;

import io.mcdrop.trainer.arch.Architecture;
import io.mcdrop.trainer.config.EpochStats;
import io.mcdrop.trainer.config.TrainConfig;
import io.mcdrop.trainer.data.Preprocess;
import io.mcdrop.trainer.tensor.Shape;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What an exported model says about itself besides its weights.
 *
 * @param name graph name
 * @param labels class names in output order
 * @param preprocess how to prepare images
 * @param architecture JSON-ready description: preset name, spec text, input shape
 * @param training JSON-ready facts about training (data set, epochs, final losses, seed, date)
 * @param description the model's doc string
 */
public record ModelInfo(
    String name,
    List<String> labels,
    Preprocess preprocess,
    Map<String, Object> architecture,
    Map<String, Object> training,
    String description) {

  /** Test-set accuracy and NLL of the trained network, when a test set was evaluated. */
  public record TestScore(double accuracy, double nll) {}

  /**
   * The metadata of a training run's export.
   *
   * @param history every completed epoch (may be empty)
   * @param test the test-set score, or null if there was none
   * @param seconds the run's duration
   */
  public static ModelInfo of(
      Architecture arch,
      TrainConfig cfg,
      Preprocess pre,
      List<String> labels,
      String data,
      List<EpochStats> history,
      TestScore test,
      double seconds) {
    Map<String, Object> training = new LinkedHashMap<>();
    training.put("data", data);
    EpochStats last = history.isEmpty() ? null : history.get(history.size() - 1);
    training.put("epochs", last == null ? 0 : last.epoch());
    if (last != null) {
      training.put("train_loss", last.trainLoss());
      training.put("train_accuracy", last.trainAccuracy());
      training.put("val_loss", Double.isNaN(last.valLoss()) ? null : last.valLoss());
      training.put("val_accuracy", Double.isNaN(last.valAccuracy()) ? null : last.valAccuracy());
    }
    if (test != null) {
      training.put("test_accuracy", test.accuracy());
      training.put("test_nll", test.nll());
    }
    if (cfg.valSplit() > 0) {
      training.put("val_split", cfg.valSplit());
    }
    training.put("seed", cfg.seed());
    training.put("optimizer", cfg.optimizer().name().toLowerCase(Locale.ROOT));
    training.put("lr", cfg.lr());
    training.put("batch", cfg.batchSize());
    training.put("augment", cfg.augment());
    training.put("seconds", Math.round(seconds));
    training.put("date", Instant.now().toString());
    return new ModelInfo(
        "mcdrop-" + arch.name(),
        labels,
        pre,
        architectureMap(arch),
        training,
        "mcdrop " + arch.name() + " CNN trained on " + data + " with dropout kept for MC sampling");
  }

  /** Preset name, spec text and input shape, JSON-ready. */
  public static Map<String, Object> architectureMap(Architecture arch) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", arch.name());
    m.put("spec", arch.spec().text());
    Shape in = arch.input();
    m.put("input", List.of(in.c(), in.h(), in.w()));
    return m;
  }
}

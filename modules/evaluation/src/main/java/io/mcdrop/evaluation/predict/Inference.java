package io.mcdrop.evaluation.predict;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.evaluation.data.ImageSet;
import io.mcdrop.runtime.mc.McEngine;
import io.mcdrop.runtime.mc.McOptions;
import io.mcdrop.runtime.model.ModelInfo;
import io.mcdrop.runtime.preprocess.Preprocessing;
import io.mcdrop.runtime.stats.Prediction;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Runs an engine over an image set in chunks (several images per ONNX Runtime call is much faster
 * than one at a time). Each chunk of an MC pass gets its own seed derived from the base seed, so
 * the numbers are reproducible yet chunks do not share dropout masks.
 */
public final class Inference {
  /** Images per engine call. */
  public static final int CHUNK = 500;

  /** Told after every chunk. */
  @FunctionalInterface
  public interface Listener {
    void done(int images);

    Listener NONE = n -> {};
  }

  private final McEngine engine;
  private final Preprocessing pre;
  private final long seed;

  public Inference(McEngine engine, long seed) {
    this.engine = engine;
    ModelInfo info = engine.info();
    if (info.preprocessing() == null) {
      throw new McdropException(
          ErrorCode.BAD_OPTION,
          "model '"
              + info.name()
              + "' has no mcdrop.preprocess metadata and its input shape does not say how to read"
              + " an image: give its preprocessing (image size and channels) in the engine config");
    }
    this.pre = info.preprocessing();
    this.seed = seed;
  }

  public Preprocessing preprocessing() {
    return pre;
  }

  /**
   * Refuses images whose shape is not the model's input shape, before any inference.
   *
   * @param what how the message names the data, e.g. "data NAME"
   */
  public void requireShape(ImageSet img, String what) {
    Preprocessing pre = preprocessing();
    if (img.channels() != pre.channels()
        || img.height() != pre.height()
        || img.width() != pre.width()) {
      throw new McdropException(
          ErrorCode.BAD_OPTION,
          what
              + " has "
              + img.shapeText()
              + " images but model '"
              + engine.info().name()
              + "' takes "
              + pre.channels()
              + "x"
              + pre.height()
              + "x"
              + pre.width());
    }
  }

  /** Images timed by {@link #costMsPerImage}. */
  public static final int COST_IMAGES = 100;

  /**
   * Steady-state milliseconds per image with {@code samples} samples: the first {@link
   * #COST_IMAGES} images are predicted once to warm up, then timed, unseeded so that no session is
   * created inside the timed run. This is the cost a user of the engine pays per image; the seeded
   * evaluation passes also pay a session creation per chunk.
   */
  public double costMsPerImage(ImageSet images, int samples) {
    int n = Math.min(COST_IMAGES, images.count());
    if (n == 0) {
      return Double.NaN;
    }
    List<float[]> batch = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      batch.add(ModelInput.of(images, i, pre));
    }
    McOptions options = McOptions.samples(samples).withCalibrated(false);
    engine.predictAll(batch, options);
    long t0 = System.nanoTime();
    engine.predictAll(batch, options);
    return (System.nanoTime() - t0) / 1e6 / n;
  }

  /** Predicts every image with {@code samples} MC samples (1 = deterministic). */
  public PredictionSet run(ImageSet images, int samples, Listener listener) {
    return pass(images, samples, listener, false).predictions();
  }

  /**
   * A pass that also keeps every sampled probability vector, [image][sample][class] (calibration
   * needs the samples, not only their mean).
   *
   * @param predictions what {@link #run} returns
   * @param samples the raw samples
   */
  public record Pass(PredictionSet predictions, float[][][] samples) {}

  public Pass runKeepingSamples(ImageSet images, int samples, Listener listener) {
    return pass(images, samples, listener, true);
  }

  private Pass pass(ImageSet images, int samples, Listener listener, boolean keepRaw) {
    checkShape(images);
    int n = images.count();
    double[][] probs = new double[n][];
    float[][][] raw = keepRaw ? new float[n][][] : null;
    Map<Score, double[]> scores = new EnumMap<>(Score.class);
    for (Score s : Score.values()) {
      scores.put(s, new double[n]);
    }
    long t0 = System.nanoTime();
    for (int start = 0, chunk = 0; start < n; start += CHUNK, chunk++) {
      int end = Math.min(n, start + CHUNK);
      List<float[]> batch = new ArrayList<>(end - start);
      for (int i = start; i < end; i++) {
        batch.add(ModelInput.of(images, i, pre));
      }
      // raw numbers: a calibrated model's calibration is evaluated (and refitted) from them
      McOptions options = McOptions.samples(samples).withRaw(keepRaw).withCalibrated(false);
      if (samples > 1) {
        options = options.withSeed(seed + 1_000_003L * chunk);
      }
      List<Prediction> preds = engine.predictAll(batch, options);
      for (int i = start; i < end; i++) {
        Prediction p = preds.get(i - start);
        probs[i] = p.probabilities();
        for (Score s : Score.values()) {
          scores.get(s)[i] = s.of(p);
        }
        if (keepRaw) {
          raw[i] = p.rawSamples();
        }
      }
      listener.done(end - start);
    }
    return new Pass(new PredictionSet(probs, scores, samples, (System.nanoTime() - t0) / 1e9), raw);
  }

  private void checkShape(ImageSet images) {
    if (images.channels() != pre.channels()
        || images.height() != pre.height()
        || images.width() != pre.width()) {
      throw new McdropException(
          ErrorCode.BAD_INPUT,
          "images are "
              + images.shapeText()
              + " but the model takes "
              + pre.channels()
              + "x"
              + pre.height()
              + "x"
              + pre.width());
    }
  }
}

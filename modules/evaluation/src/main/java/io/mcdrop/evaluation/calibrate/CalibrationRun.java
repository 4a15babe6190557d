package io.mcdrop.evaluation.calibrate;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.evaluation.Evaluator;
import io.mcdrop.evaluation.LabelCheck;
import io.mcdrop.evaluation.data.LabeledSet;
import io.mcdrop.evaluation.predict.Inference;
import io.mcdrop.evaluation.predict.ModelInput;
import io.mcdrop.metrics.Calibration;
import io.mcdrop.runtime.calibration.CalibrationSpec;
import io.mcdrop.runtime.calibration.Calibrator;
import io.mcdrop.runtime.calibration.InputHash;
import io.mcdrop.runtime.calibration.SampleLogits;
import io.mcdrop.runtime.mc.McEngine;
import io.mcdrop.runtime.model.ModelInfo;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One calibration: {@link #plan} checks the data against the model and the options (shape, labels,
 * enough images for α, MC capability) before any inference; {@link Plan#run} predicts the images
 * deterministically and with MC dropout and fits the spec.
 */
public final class CalibrationRun {
  /**
   * @param samples MC samples the MC temperature and thresholds are fitted at (1 = deterministic
   *     only)
   * @param seed seeds the dropout masks (per chunk of images)
   * @param options α, conformal score, acceptance
   */
  public record Settings(int samples, long seed, Calibrator.Options options) {}

  /**
   * The fit and how it did on the calibration images themselves (in-sample numbers: the honest
   * before/after is {@code mcdrop evaluate} on the test split).
   */
  public record Result(CalibrationSpec spec, ModeFit deterministic, ModeFit mc, double seconds) {}

  /** In-sample numbers of one way of predicting. */
  public record ModeFit(
      int samples,
      double temperature,
      double nllBefore,
      double nllAfter,
      double eceBefore,
      double eceAfter,
      double coverage,
      double meanSetSize) {}

  private final McEngine engine;
  private final Settings settings;

  public CalibrationRun(McEngine engine, Settings settings) {
    this.engine = engine;
    this.settings = settings;
  }

  /** A checked plan. */
  public final class Plan {
    private final LabeledSet data;
    private final String description;

    private Plan(LabeledSet data, String description) {
      this.data = data;
      this.description = description;
    }

    /** Images to predict, for a progress bar. */
    public long work() {
      return (long) data.size() * (settings.samples() > 1 ? 2 : 1);
    }

    public Result run(Evaluator.Progress progress) {
      return CalibrationRun.this.run(this, progress);
    }
  }

  /**
   * @param description where the data came from, stored in the spec
   * @throws McdropException before any inference when something does not fit
   */
  public Plan plan(LabeledSet data, String description) {
    ModelInfo info = engine.info();
    Inference inference = new Inference(engine, settings.seed());
    inference.requireShape(data.images(), "calibration data " + data.name());
    LabelCheck.verify(info.name(), info.labels(), data.name(), data.classes());
    Calibrator.check(data.size(), data.labels(), info.classes(), settings.options());
    if (settings.samples() > 1 && !info.mcCapable()) {
      throw new McdropException(
          ErrorCode.NO_DROPOUT,
          "model '"
              + info.name()
              + "' has no Dropout layers, so there is no MC dropout to calibrate; calibrate its"
              + " deterministic predictions with 1 sample");
    }
    return new Plan(data, description);
  }

  private Result run(Plan plan, Evaluator.Progress progress) {
    long t0 = System.nanoTime();
    Inference inference = new Inference(engine, settings.seed());
    LabeledSet data = plan.data;
    long total = plan.work();
    long[] done = {0};
    SampleLogits det =
        SampleLogits.fromProbabilities(
            inference
                .runKeepingSamples(
                    data.images(), 1, listener("deterministic", done, total, progress))
                .samples());
    SampleLogits mc =
        settings.samples() > 1
            ? SampleLogits.fromProbabilities(
                inference
                    .runKeepingSamples(
                        data.images(), settings.samples(), listener("MC", done, total, progress))
                    .samples())
            : null;
    double[] u = new double[data.size()];
    for (int i = 0; i < u.length; i++) {
      u[i] = InputHash.uniform(ModelInput.of(data.images(), i, inference.preprocessing()));
    }
    CalibrationSpec spec =
        Calibrator.fit(
            det,
            mc,
            data.labels(),
            u,
            settings.options(),
            plan.description,
            Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    return new Result(
        spec,
        inSample(det, data.labels(), u, spec, spec.deterministic()),
        mc == null ? null : inSample(mc, data.labels(), u, spec, spec.mc()),
        (System.nanoTime() - t0) / 1e9);
  }

  static ModeFit inSample(
      SampleLogits logits, int[] labels, double[] u, CalibrationSpec spec, CalibrationSpec.Mode m) {
    int n = logits.images();
    double[] confBefore = new double[n];
    double[] confAfter = new double[n];
    boolean[] okBefore = new boolean[n];
    boolean[] okAfter = new boolean[n];
    int covered = 0;
    long sizes = 0;
    Calibrator.Summary s = new Calibrator.Summary(logits.classes());
    for (int i = 0; i < n; i++) {
      s.of(logits, i, 1.0);
      int top = argmax(s.mean);
      confBefore[i] = s.mean[top];
      okBefore[i] = top == labels[i];
      s.of(logits, i, m.temperature());
      top = argmax(s.mean);
      confAfter[i] = s.mean[top];
      okAfter[i] = top == labels[i];
      int[] set = spec.score().set(s.mean, m.conformalThreshold(), u[i]);
      sizes += set.length;
      for (int c : set) {
        covered += c == labels[i] ? 1 : 0;
      }
    }
    return new ModeFit(
        m.samples(),
        m.temperature(),
        m.nllBefore(),
        m.nllAfter(),
        Calibration.of(confBefore, okBefore, Calibration.DEFAULT_BINS).ece(),
        Calibration.of(confAfter, okAfter, Calibration.DEFAULT_BINS).ece(),
        covered / (double) n,
        sizes / (double) n);
  }

  private static int argmax(double[] p) {
    int best = 0;
    for (int i = 1; i < p.length; i++) {
      if (p[i] > p[best]) {
        best = i;
      }
    }
    return best;
  }

  private static Inference.Listener listener(
      String phase, long[] done, long total, Evaluator.Progress progress) {
    return k -> {
      done[0] += k;
      progress.update(phase, done[0], total);
    };
  }
}

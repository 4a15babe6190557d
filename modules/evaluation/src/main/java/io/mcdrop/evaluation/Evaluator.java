package io.mcdrop.evaluation;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.evaluation.calibrate.CalibrationSection;
import io.mcdrop.evaluation.data.ImageSet;
import io.mcdrop.evaluation.data.LabeledSet;
import io.mcdrop.evaluation.ood.OodResult;
import io.mcdrop.evaluation.ood.OodSets;
import io.mcdrop.evaluation.predict.Inference;
import io.mcdrop.evaluation.predict.ModelInput;
import io.mcdrop.evaluation.predict.PredictionSet;
import io.mcdrop.evaluation.predict.QualityMetrics;
import io.mcdrop.evaluation.shift.Rotation;
import io.mcdrop.evaluation.shift.ShiftPoint;
import io.mcdrop.runtime.calibration.CalibrationCodec;
import io.mcdrop.runtime.calibration.CalibrationSpec;
import io.mcdrop.runtime.calibration.InputHash;
import io.mcdrop.runtime.mc.McEngine;
import io.mcdrop.runtime.model.ModelInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one evaluation: checks everything that can be checked cheaply first (labels against classes,
 * image shape, OOD sources, MC capability), then predicts the test set deterministically and with
 * MC dropout, then the OOD sets and the rotated test sets.
 */
public final class Evaluator {
  /** Told as work progresses, in images predicted (each pass over an image counts once). */
  @FunctionalInterface
  public interface Progress {
    void update(String phase, long done, long total);

    Progress NONE = (p, d, t) -> {};
  }

  private final McEngine engine;
  private final EvaluationConfig config;

  public Evaluator(McEngine engine, EvaluationConfig config) {
    this.engine = engine;
    this.config = config;
  }

  /** A plan whose inputs are all checked; {@link #run()} does the long work. */
  public final class Plan {
    private final LabeledSet test;
    private final List<OodSets.Named> oodSets;

    private Plan(LabeledSet test, List<OodSets.Named> oodSets) {
      this.test = test;
      this.oodSets = oodSets;
    }

    public LabeledSet test() {
      return test;
    }

    public List<OodSets.Named> oodSets() {
      return oodSets;
    }

    /** Images to predict in total, for a progress bar. */
    public long work() {
      long passes = config.mc() ? 2 : 1;
      long n = test.size();
      for (OodSets.Named s : oodSets) {
        n += s.images().count();
      }
      if (config.shift() != null) {
        n += (long) test.size() * config.shift().angles().size();
      }
      return n * passes;
    }

    public EvaluationReport run(Progress progress) {
      return Evaluator.this.run(this, progress);
    }
  }

  /**
   * Validates {@code data} against the model and resolves the OOD sources.
   *
   * @throws McdropException before any inference when something does not fit
   */
  public Plan plan(LabeledSet data) {
    ModelInfo info = engine.info();
    Inference inference = new Inference(engine, config.seed());
    inference.requireShape(data.images(), "data " + data.name());
    if (data.size() == 0) {
      throw new McdropException(ErrorCode.BAD_OPTION, "data " + data.name() + " has no images");
    }
    if (config.mc() && !info.mcCapable()) {
      throw new McdropException(
          ErrorCode.NO_DROPOUT,
          "model '"
              + info.name()
              + "' has no Dropout layers, so MC dropout cannot be evaluated; evaluate it"
              + " deterministically (1 sample), or export the model with its dropout kept");
    }
    OodSets.Resolved resolved =
        OodSets.resolve(config.ood(), data, config.oodLimit(), config.seed());
    LabelCheck.verify(info.name(), info.labels(), data.name(), resolved.inDistribution().classes());
    return new Plan(resolved.inDistribution(), resolved.sets());
  }

  private EvaluationReport run(Plan plan, Progress progress) {
    long t0 = System.nanoTime();
    Inference inference = new Inference(engine, config.seed());
    long total = plan.work();
    long[] done = {0};
    LabeledSet test = plan.test();
    CalibrationSpec spec = calibration();
    boolean keep = spec != null;
    Inference.Pass detPass =
        predict(inference, test.images(), 1, "deterministic", done, total, progress, keep);
    Inference.Pass mcPass =
        config.mc()
            ? predict(inference, test.images(), config.samples(), "MC", done, total, progress, keep)
            : null;
    PredictionSet det = detPass.predictions();
    PredictionSet mc = mcPass == null ? null : mcPass.predictions();
    // Cost is timed separately, warm and unseeded: the seeded passes above also pay for a fresh
    // session per chunk, which says nothing about the model's MC cost.
    QualityMetrics detQ =
        QualityMetrics.of(det, test.labels())
            .withMsPerImage(inference.costMsPerImage(test.images(), 1));
    QualityMetrics mcQ =
        mc == null
            ? null
            : QualityMetrics.of(mc, test.labels())
                .withMsPerImage(inference.costMsPerImage(test.images(), config.samples()));

    List<OodResult> ood = new ArrayList<>();
    List<CalibrationSection.OodPasses> oodPasses = new ArrayList<>();
    for (OodSets.Named set : plan.oodSets()) {
      Inference.Pass outDet =
          predict(inference, set.images(), 1, "OOD " + set.name(), done, total, progress, keep);
      Inference.Pass outMc =
          config.mc()
              ? predict(
                  inference,
                  set.images(),
                  config.samples(),
                  "OOD " + set.name(),
                  done,
                  total,
                  progress,
                  keep)
              : null;
      ood.add(
          OodResult.of(
              set, det, outDet.predictions(), mc, outMc == null ? null : outMc.predictions()));
      oodPasses.add(new CalibrationSection.OodPasses(set.name(), outDet, outMc));
    }
    CalibrationSection calibration = null;
    if (spec != null) {
      double[] u = new double[test.size()];
      for (int i = 0; i < u.length; i++) {
        u[i] = InputHash.uniform(ModelInput.of(test.images(), i, inference.preprocessing()));
      }
      calibration =
          CalibrationSection.of(
              spec, detPass, mcPass, test.labels(), u, engine.info().labels(), oodPasses);
    }

    List<ShiftPoint> shift = new ArrayList<>();
    if (config.shift() != null) {
      for (double angle : config.shift().angles()) {
        ImageSet rotated = Rotation.rotate(test.images(), angle);
        String phase = String.format(java.util.Locale.ROOT, "rotate %.0f°", angle);
        PredictionSet d =
            predict(inference, rotated, 1, phase, done, total, progress, false).predictions();
        PredictionSet m =
            config.mc()
                ? predict(inference, rotated, config.samples(), phase, done, total, progress, false)
                    .predictions()
                : null;
        shift.add(
            new ShiftPoint(
                angle,
                QualityMetrics.of(d, test.labels()),
                m == null ? null : QualityMetrics.of(m, test.labels())));
      }
    }
    return new EvaluationReport(
        engine.info().name(),
        test.name(),
        test.classes(),
        config.samples(),
        config.seed(),
        detQ,
        mcQ,
        ood,
        shift,
        config.shift() == null ? null : config.shift().text(),
        calibration,
        (System.nanoTime() - t0) / 1e9);
  }

  /** The model's stored calibration, or null when it has none. */
  private CalibrationSpec calibration() {
    String json = engine.info().report().metadata().get(CalibrationCodec.META_KEY);
    return json == null ? null : CalibrationCodec.read(json);
  }

  private static Inference.Pass predict(
      Inference inference,
      ImageSet images,
      int samples,
      String phase,
      long[] done,
      long total,
      Progress progress,
      boolean keepSamples) {
    Inference.Listener listener =
        n -> {
          done[0] += n;
          progress.update(phase, done[0], total);
        };
    return keepSamples
        ? inference.runKeepingSamples(images, samples, listener)
        : new Inference.Pass(inference.run(images, samples, listener), null);
  }
}

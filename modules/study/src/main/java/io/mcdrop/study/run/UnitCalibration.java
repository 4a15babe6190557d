package io.mcdrop.study.run;

import ai.onnx.proto.OnnxMl.ModelProto;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.evaluation.EvaluationConfig;
import io.mcdrop.evaluation.EvaluationReport;
import io.mcdrop.evaluation.Evaluator;
import io.mcdrop.evaluation.calibrate.CalibrationRun;
import io.mcdrop.evaluation.calibrate.CalibrationSection;
import io.mcdrop.evaluation.data.LabeledSet;
import io.mcdrop.evaluation.ood.OodSpec;
import io.mcdrop.evaluation.report.ReportWriter;
import io.mcdrop.onnx.OnnxModels;
import io.mcdrop.runtime.calibration.CalibrationSpec;
import io.mcdrop.runtime.calibration.Calibrator;
import io.mcdrop.runtime.calibration.ModelCalibration;
import io.mcdrop.runtime.mc.EngineConfig;
import io.mcdrop.runtime.mc.McEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Temperature scaling of one finished unit, measured honestly: the temperatures (deterministic and
 * MC) and conformal sets are fitted on the study's validation split, the very images the unit's
 * training held out, and the before/after numbers are measured on its test images. Writes {@value
 * #FILE} (the marker that the unit is calibrated), the calibrated model and its evaluation report.
 */
public final class UnitCalibration {
  public static final String FILE = "calibrated.json";
  public static final String MODEL = "model-calibrated.onnx";
  public static final String REPORT = "evaluation-calibrated";
  private static final ObjectMapper JSON = new ObjectMapper();

  private UnitCalibration() {}

  /** The stored calibration of the unit in {@code dir}, or null when it has none yet. */
  public static CalibratedResult read(Path dir) {
    Path f = dir.resolve(FILE);
    if (!Files.exists(f)) {
      return null;
    }
    try {
      return JSON.readValue(f.toFile(), CalibratedResult.class);
    } catch (IOException e) {
      throw new McdropException(
          ErrorCode.BAD_INPUT, f + " is unreadable (" + e.getMessage() + "); delete it", e);
    }
  }

  /**
   * Fits and measures the calibration of the unit in {@code dir}.
   *
   * @param ood the unit's OOD specs; held-out classes must be among them, since {@code test} holds
   *     their images
   * @param samples MC samples (1 for a model without dropout)
   * @param seed the unit's seed (dropout masks of fit and test)
   */
  public static CalibratedResult run(
      Path dir,
      LabeledSet validation,
      LabeledSet test,
      List<OodSpec> ood,
      int samples,
      long seed,
      int threads,
      Evaluator.Progress progress) {
    Path model = dir.resolve(VariantTrainer.MODEL);
    EngineConfig ec = EngineConfig.defaults().withThreads(threads);
    CalibrationSpec spec;
    try (McEngine engine = McEngine.load(model, ec)) {
      spec =
          new CalibrationRun(
                  engine, new CalibrationRun.Settings(samples, seed, Calibrator.Options.defaults()))
              .plan(validation, validation.name())
              .run(progress)
              .spec();
    }
    Path calibrated = dir.resolve(MODEL);
    ModelProto proto = OnnxModels.read(model);
    OnnxModels.write(ModelCalibration.attach(proto, spec), calibrated);
    EvaluationReport report;
    try (McEngine engine = McEngine.load(calibrated, ec)) {
      report =
          new Evaluator(
                  engine,
                  EvaluationConfig.defaults().withSamples(samples).withSeed(seed).withOod(ood))
              .plan(test)
              .run(progress);
    }
    ReportWriter.write(report, dir.resolve(REPORT));
    CalibrationSection c = report.calibration();
    if (c == null) {
      throw new McdropException(
          ErrorCode.ENGINE_FAILURE,
          "the calibrated model " + calibrated + " reads as uncalibrated");
    }
    CalibratedResult r = CalibratedResult.of(c, validation.size());
    ReportWriter.writeJson(r, dir.resolve(FILE));
    return r;
  }
}

package io.mcdrop.runtime.calibration;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.mcdrop.onnx.OnnxModels;
import io.mcdrop.onnx.contract.MetadataKeys;
import io.mcdrop.runtime.stats.Prediction;
import io.mcdrop.runtime.verdict.VerdictPolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * A loaded model's calibration as the engine applies it: the temperature for the way a request
 * predicts, the conformal set of each prediction, and the verdict thresholds measured on the
 * calibration data (UNCERTAIN = rarer than 1 in 20 in-distribution images at 95 % acceptance). Only
 * the thresholds that calibration measures change; the others keep {@link VerdictPolicy#DEFAULT}'s
 * values.
 */
public final class ModelCalibration {
  private final CalibrationSpec spec;
  private final VerdictPolicy policy;

  public ModelCalibration(CalibrationSpec spec) {
    this.spec = spec;
    VerdictPolicy d = VerdictPolicy.DEFAULT;
    this.policy =
        new VerdictPolicy(
            spec.mc() != null ? spec.mc().mutualInformationThreshold() : d.epistemic(),
            d.aleatoric(),
            d.confidence(),
            spec.deterministic().entropyThreshold());
  }

  /** The model's calibration, or null when its metadata has none. */
  public static ModelCalibration of(ModelProto model) {
    return OnnxModels.metadata(model, MetadataKeys.CALIBRATION)
        .map(json -> new ModelCalibration(CalibrationCodec.read(json)))
        .orElse(null);
  }

  /** {@code model} with {@code spec} stored as its calibration (the write side of {@link #of}). */
  public static ModelProto attach(ModelProto model, CalibrationSpec spec) {
    return OnnxModels.withMetadata(model, CalibrationCodec.META_KEY, CalibrationCodec.write(spec));
  }

  public CalibrationSpec spec() {
    return spec;
  }

  /** Verdict thresholds from the calibration. */
  public VerdictPolicy verdictPolicy() {
    return policy;
  }

  /**
   * The fit for a request of {@code samples} samples: MC for more than one (fitted at {@link
   * CalibrationSpec.Mode#samples()}; other sample counts use it too), else deterministic. Null when
   * the model was calibrated without MC.
   */
  public CalibrationSpec.Mode mode(int samples) {
    return spec.mode(samples);
  }

  /**
   * The prediction of a request for {@code samples} samples, with its conformal set attached, for
   * the model input {@code input}.
   */
  public Prediction attach(Prediction p, float[] input, List<String> labels, int samples) {
    CalibrationSpec.Mode m = mode(samples);
    int[] set =
        spec.score().set(p.probabilities(), m.conformalThreshold(), InputHash.uniform(input));
    List<String> names = new ArrayList<>(set.length);
    for (int c : set) {
      names.add(c < labels.size() ? labels.get(c) : Integer.toString(c));
    }
    return p.withCalibration(names, m.temperature());
  }
}

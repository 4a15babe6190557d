package io.mcdrop.onnx.contract;

/** The metadata keys of the mcdrop model contract (ONNX {@code metadata_props}). */
public final class MetadataKeys {
  private MetadataKeys() {}

  /** JSON array of class names in output order. */
  public static final String LABELS = "mcdrop.labels";

  /** JSON {@link PreprocessSpec}: how an image becomes the input tensor. */
  public static final String PREPROCESS = "mcdrop.preprocess";

  /** JSON array of {@link DropoutLayer}: the dropout nodes and their rates. */
  public static final String DROPOUT = "mcdrop.dropout";

  /** JSON {@link ArchitectureInfo}: preset name, spec text and input shape. */
  public static final String ARCHITECTURE = "mcdrop.architecture";

  /** JSON {@link TrainingProvenance}: how the model was trained. */
  public static final String TRAINING = "mcdrop.training";

  // ---- Calibration (owned by io.mcdrop.runtime.calibration; its record CalibrationSpec) ----

  /** JSON calibration record (temperature, calibrated verdict thresholds). */
  public static final String CALIBRATION = "mcdrop.calibration";
}

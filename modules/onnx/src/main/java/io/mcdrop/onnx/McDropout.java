package io.mcdrop.onnx;

/** Names and metadata keys of the ONNX contract between mcdrop's trainer and runtime. */
public final class McDropout {
  private McDropout() {}

  /** The shared boolean graph input that drives every Dropout node's training_mode. */
  public static final String INPUT_NAME = "mc_dropout";

  public static final String META_LABELS = "mcdrop.labels";
  public static final String META_PREPROCESS = "mcdrop.preprocess";
  public static final String META_DROPOUT = "mcdrop.dropout";
  public static final String META_ARCHITECTURE = "mcdrop.architecture";
  public static final String META_TRAINING = "mcdrop.training";
}

package io.mcdrop.onnx;

import io.mcdrop.onnx.contract.MetadataKeys;

/**
 * The graph-level name of the ONNX contract; the metadata keys live in {@link MetadataKeys} (the
 * {@code META_*} aliases stay for code written before the contract package).
 */
public final class McDropout {
  private McDropout() {}

  /** The shared boolean graph input that drives every Dropout node's training_mode. */
  public static final String INPUT_NAME = "mc_dropout";

  /** Same as {@link MetadataKeys#LABELS}. */
  public static final String META_LABELS = MetadataKeys.LABELS;

  /** Same as {@link MetadataKeys#PREPROCESS}. */
  public static final String META_PREPROCESS = MetadataKeys.PREPROCESS;

  /** Same as {@link MetadataKeys#DROPOUT}. */
  public static final String META_DROPOUT = MetadataKeys.DROPOUT;

  /** Same as {@link MetadataKeys#ARCHITECTURE}. */
  public static final String META_ARCHITECTURE = MetadataKeys.ARCHITECTURE;

  /** Same as {@link MetadataKeys#TRAINING}. */
  public static final String META_TRAINING = MetadataKeys.TRAINING;
}

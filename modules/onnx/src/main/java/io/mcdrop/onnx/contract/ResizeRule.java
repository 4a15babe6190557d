package io.mcdrop.onnx.contract;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import java.util.Locale;

/**
 * How an image of any size is brought to the model's height × width.
 *
 * <p>The trainer wrote {@code "bilinear"} and the runtime documented {@code "stretch"}; both meant
 * the same operation (resize to exactly height × width, ignoring the aspect ratio, bilinear
 * interpolation), so both names read as {@link #STRETCH_BILINEAR}, which is written as {@code
 * "bilinear"} (the value every shipped model carries).
 */
public enum ResizeRule {
  /** Resize to exactly height × width, aspect ratio ignored, bilinear interpolation. */
  STRETCH_BILINEAR("bilinear");

  private final String wireName;

  ResizeRule(String wireName) {
    this.wireName = wireName;
  }

  /** The name written to {@code mcdrop.preprocess}. */
  public String wireName() {
    return wireName;
  }

  /** Reads a metadata value; null or empty means the default {@link #STRETCH_BILINEAR}. */
  public static ResizeRule parse(String text) {
    if (text == null || text.isBlank()) {
      return STRETCH_BILINEAR;
    }
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "bilinear", "stretch", "stretch_bilinear" -> STRETCH_BILINEAR;
      default ->
          throw new McdropException(
              ErrorCode.MODEL_INVALID,
              "unknown resize rule '"
                  + text
                  + "' in "
                  + MetadataKeys.PREPROCESS
                  + ": expected 'bilinear' (or its alias 'stretch')");
    };
  }
}

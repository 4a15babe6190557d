package io.mcdrop.runtime.calibration;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import java.util.Locale;

/** The non-conformity score of split conformal prediction. */
public enum ScoreType {
  /** Least ambiguous set-valued classifier (Sadinle et al. 2019): 1 - p(y). Smallest sets. */
  LAC,
  /**
   * Adaptive prediction sets (Romano et al. 2020): probability mass ranked above y, plus u p(y).
   */
  APS,
  /** Regularised APS (Angelopoulos et al. 2020): APS + lambda (rank(y) - k_reg)^+. */
  RAPS;

  /** The lower-case name used in JSON and on the command line. */
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ScoreType parse(String s) {
    for (ScoreType t : values()) {
      if (t.word().equalsIgnoreCase(s == null ? "" : s.strip())) {
        return t;
      }
    }
    throw new McdropException(
        ErrorCode.BAD_OPTION, "conformal score must be lac, aps or raps, got '" + s + "'");
  }
}

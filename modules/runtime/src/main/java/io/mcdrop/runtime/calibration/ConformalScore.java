package io.mcdrop.runtime.calibration;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import java.util.Arrays;

/**
 * A conformal score with its parameters, and the prediction set it gives at a threshold.
 *
 * <p>APS and RAPS are the <em>randomized</em> scores of Angelopoulos et al. (2020): the true class
 * contributes {@code u p(y)} with u uniform in [0, 1). mcdrop draws u from the input itself ({@link
 * InputHash}), so the score is a fixed function of (image, label) — the split conformal guarantee
 * holds as for any score — and one image always gets the same set. As in the authors' code ({@code
 * allow_zero_sets=False}), APS and RAPS sets always hold the top class; that can only raise
 * coverage. LAC sets may be empty (the model finds no class plausible enough).
 *
 * @param type the score
 * @param kReg RAPS: ranks up to this are not penalised
 * @param lambda RAPS: penalty per rank beyond {@code kReg}
 */
public record ConformalScore(ScoreType type, int kReg, double lambda) {
  /** RAPS defaults from Angelopoulos et al. (2020). */
  public static final int DEFAULT_K_REG = 5;

  public static final double DEFAULT_LAMBDA = 0.01;

  public ConformalScore {
    if (type == null) {
      throw new McdropException(ErrorCode.BAD_OPTION, "conformal score type missing");
    }
    if (kReg < 0 || !(lambda >= 0) || Double.isInfinite(lambda)) {
      throw new McdropException(
          ErrorCode.BAD_OPTION,
          "RAPS needs k_reg >= 0 and lambda >= 0, got k_reg " + kReg + ", lambda " + lambda);
    }
  }

  /** The score with the RAPS defaults (unused by LAC and APS). */
  public static ConformalScore of(ScoreType type) {
    return new ConformalScore(type, DEFAULT_K_REG, DEFAULT_LAMBDA);
  }

  /** The score of {@code label} for an input with class probabilities {@code p} and draw u. */
  public double score(double[] p, int label, double u) {
    if (type == ScoreType.LAC) {
      return 1.0 - p[label];
    }
    // mass and count of the classes ranked above the label (higher probability, or equal with a
    // lower index): no sort needed
    double above = 0;
    int rank = 1;
    double py = p[label];
    for (int c = 0; c < p.length; c++) {
      if (p[c] > py || (p[c] == py && c < label)) {
        above += p[c];
        rank++;
      }
    }
    return above + u * py + penalty(rank);
  }

  /** Classes in the set at {@code threshold}, most probable first. */
  public int[] set(double[] p, double threshold, double u) {
    int[] order = order(p);
    int[] out = new int[p.length];
    int n = 0;
    if (type == ScoreType.LAC) {
      for (int c : order) {
        if (1.0 - p[c] <= threshold) {
          out[n++] = c;
        }
      }
      return Arrays.copyOf(out, n);
    }
    double above = 0;
    for (int r = 0; r < order.length; r++) {
      int c = order[r];
      double s = above + u * p[c] + penalty(r + 1);
      // scores grow with rank, so the set is a prefix
      if (s > threshold) {
        break;
      }
      out[n++] = c;
      above += p[c];
    }
    return Arrays.copyOf(out, n);
  }

  private double penalty(int rank) {
    return type == ScoreType.RAPS ? lambda * Math.max(0, rank - kReg) : 0.0;
  }

  /** Class indices by probability, highest first; ties by index. */
  static int[] order(double[] p) {
    int[] out = new int[p.length];
    if (p.length <= 64) {
      // insertion sort: no boxing for the usual handful of classes
      for (int i = 0; i < p.length; i++) {
        int j = i;
        while (j > 0 && p[out[j - 1]] < p[i]) {
          out[j] = out[j - 1];
          j--;
        }
        out[j] = i;
      }
      return out;
    }
    Integer[] idx = new Integer[p.length];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, (a, b) -> p[a] != p[b] ? Double.compare(p[b], p[a]) : Integer.compare(a, b));
    for (int i = 0; i < out.length; i++) {
      out[i] = idx[i];
    }
    return out;
  }
}

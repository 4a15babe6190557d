package io.mcdrop.metrics;

import java.util.Arrays;

/**
 * How well a score separates positives from negatives (e.g. wrong from right predictions, or
 * out-of-distribution from in-distribution images). Higher score = more likely positive.
 */
public final class Detection {
  private Detection() {}

  /**
   * Area under the ROC curve: the probability that a random positive scores above a random
   * negative, ties counting one half (Mann-Whitney U with mid-ranks). NaN if either class is empty.
   */
  public static double auroc(double[] positives, double[] negatives) {
    int p = positives.length;
    int n = negatives.length;
    if (p == 0 || n == 0) {
      return Double.NaN;
    }
    double[] all = new double[p + n];
    boolean[] isPos = new boolean[p + n];
    Integer[] order = new Integer[p + n];
    for (int i = 0; i < p; i++) {
      all[i] = positives[i];
      isPos[i] = true;
    }
    System.arraycopy(negatives, 0, all, p, n);
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(all[a], all[b]));
    double rankSumPos = 0;
    int i = 0;
    while (i < order.length) {
      int j = i;
      while (j + 1 < order.length && all[order[j + 1]] == all[order[i]]) {
        j++;
      }
      double midRank = (i + j) / 2.0 + 1; // ranks are 1-based
      for (int k = i; k <= j; k++) {
        if (isPos[order[k]]) {
          rankSumPos += midRank;
        }
      }
      i = j + 1;
    }
    double u = rankSumPos - (double) p * (p + 1) / 2;
    return u / ((double) p * n);
  }

  /**
   * False-positive rate at the smallest threshold that flags at least {@code tpr} of the positives
   * (FPR at 95 % TPR for {@code tpr = 0.95}); negatives tying the threshold count as flagged.
   */
  public static double fprAtTpr(double[] positives, double[] negatives, double tpr) {
    if (positives.length == 0 || negatives.length == 0) {
      return Double.NaN;
    }
    double[] pos = positives.clone();
    Arrays.sort(pos);
    // flag everything with score >= threshold; keep ceil(tpr * P) positives above it
    int keep = (int) Math.ceil(tpr * pos.length);
    double threshold = pos[pos.length - keep];
    int fp = 0;
    for (double v : negatives) {
      if (v >= threshold) {
        fp++;
      }
    }
    return (double) fp / negatives.length;
  }
}

package io.mcdrop.study.report;

/** The 97.5 % quantile of Student's t distribution, for two-sided 95 % intervals. */
final class StudentT {
  private StudentT() {}

  /** t(0.975, df) for df = 1..30, from the standard tables. */
  private static final double[] TABLE = {
    12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622, 2.2281, 2.2010,
    2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860, 2.0796, 2.0739,
    2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423
  };

  static double quantile975(int df) {
    if (df < 1) {
      throw new IllegalArgumentException("degrees of freedom must be >= 1, got " + df);
    }
    if (df <= TABLE.length) {
      return TABLE[df - 1];
    }
    // Cornish-Fisher expansion around the normal quantile; error < 1e-4 for df > 30
    double z = 1.959964;
    double z3 = z * z * z;
    double z5 = z3 * z * z;
    return z + (z3 + z) / (4.0 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96.0 * df * df);
  }
}

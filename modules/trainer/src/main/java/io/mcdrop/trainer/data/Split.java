package io.mcdrop.trainer.data;

import io.mcdrop.trainer.tensor.Rng;
import java.util.Arrays;

/** A seeded train/validation split. */
public record Split(Dataset train, Dataset validation) {
  /**
   * Shuffles indices with {@code seed} and holds out {@code fraction} of them (0 for none, in which
   * case {@code validation} is null).
   */
  public static Split of(Dataset all, double fraction, long seed) {
    if (!(fraction >= 0 && fraction < 1)) {
      throw new IllegalArgumentException("validation fraction must be in [0, 1), got " + fraction);
    }
    int n = all.size();
    int nVal = (int) Math.round(n * fraction);
    if (nVal == 0) {
      return new Split(all, null);
    }
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    new Rng(Rng.derive(seed, 0x5917)).shuffle(idx);
    int[] val = Arrays.copyOfRange(idx, 0, nVal);
    int[] tr = Arrays.copyOfRange(idx, nVal, n);
    Arrays.sort(val);
    Arrays.sort(tr);
    return new Split(all.subset(tr), all.subset(val));
  }
}

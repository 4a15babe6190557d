package io.mcdrop.study.data;

import io.mcdrop.evaluation.data.ImageSet;
import io.mcdrop.evaluation.data.LabeledSet;
import io.mcdrop.trainer.data.Dataset;
import io.mcdrop.trainer.tensor.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Converts between the trainer's {@link Dataset} and the evaluation's {@link LabeledSet} (both hold
 * unit-range NCHW floats, so no pixel changes), and filters data sets for a study.
 */
public final class Datasets {
  private Datasets() {}

  public static LabeledSet toLabeledSet(Dataset d, String name) {
    Shape s = d.shape();
    return new LabeledSet(
        name, new ImageSet(s.c(), s.h(), s.w(), d.images()), d.labels(), d.classes());
  }

  /** The images of every class but {@code heldOut}, relabelled 0..K'-1 in the original order. */
  public static Dataset withoutClasses(Dataset d, int[] heldOut) {
    if (heldOut.length == 0) {
      return d;
    }
    boolean[] out = new boolean[d.classes().size()];
    for (int c : heldOut) {
      out[c] = true;
    }
    int[] newIndex = new int[out.length];
    List<String> kept = new ArrayList<>();
    for (int c = 0; c < out.length; c++) {
      newIndex[c] = out[c] ? -1 : kept.size();
      if (!out[c]) {
        kept.add(d.classes().get(c));
      }
    }
    int[] idx =
        java.util.stream.IntStream.range(0, d.size()).filter(i -> !out[d.labels()[i]]).toArray();
    Dataset sub = d.subset(idx);
    int[] y = new int[sub.size()];
    for (int i = 0; i < y.length; i++) {
      y[i] = newIndex[sub.labels()[i]];
    }
    return new Dataset(sub.images(), y, sub.shape(), kept);
  }

  /** At most {@code n} images chosen by a seeded shuffle, kept in their original order. */
  public static Dataset limit(Dataset d, int n, long seed) {
    if (n <= 0 || n >= d.size()) {
      return d;
    }
    int[] idx = new int[d.size()];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    Random rnd = new Random(seed);
    for (int i = idx.length - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = idx[i];
      idx[i] = idx[j];
      idx[j] = t;
    }
    int[] keep = Arrays.copyOf(idx, n);
    Arrays.sort(keep);
    return d.subset(keep);
  }
}

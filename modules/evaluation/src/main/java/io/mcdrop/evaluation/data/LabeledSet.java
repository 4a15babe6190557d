package io.mcdrop.evaluation.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Labelled images: {@code labels[i]} indexes {@code classes}.
 *
 * @param name where the images came from, for reports
 */
public record LabeledSet(String name, ImageSet images, int[] labels, List<String> classes) {
  public LabeledSet {
    if (images.count() != labels.length) {
      throw new IllegalArgumentException(
          images.count() + " images but " + labels.length + " labels");
    }
    classes = List.copyOf(classes);
    for (int y : labels) {
      if (y < 0 || y >= classes.size()) {
        throw new IllegalArgumentException(
            "label " + y + " outside the " + classes.size() + " classes");
      }
    }
  }

  public int size() {
    return labels.length;
  }

  public LabeledSet subset(int[] indices) {
    int[] y = new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      y[i] = labels[indices[i]];
    }
    return new LabeledSet(name, images.subset(indices), y, classes);
  }

  /**
   * At most {@code n} images, chosen by a seeded shuffle (so a limit does not just keep the first
   * classes of a sorted folder) and kept in their original order.
   */
  public LabeledSet limit(int n, long seed) {
    if (n >= size()) {
      return this;
    }
    int[] idx = new int[size()];
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
    return subset(keep);
  }

  /**
   * Splits off the {@code heldOut} classes: {@code kept} has the other classes, relabelled 0..K'-1
   * in their original order; {@code heldOut} holds the images of the held-out classes (with their
   * original labels).
   */
  public Split splitClasses(int[] heldOut) {
    boolean[] out = new boolean[classes.size()];
    for (int c : heldOut) {
      if (c < 0 || c >= classes.size()) {
        throw new IllegalArgumentException(
            "class " + c + " is not one of the " + classes.size() + " classes");
      }
      out[c] = true;
    }
    int[] newIndex = new int[classes.size()];
    List<String> kept = new ArrayList<>();
    for (int c = 0; c < classes.size(); c++) {
      newIndex[c] = out[c] ? -1 : kept.size();
      if (!out[c]) {
        kept.add(classes.get(c));
      }
    }
    List<Integer> keepIdx = new ArrayList<>();
    List<Integer> outIdx = new ArrayList<>();
    for (int i = 0; i < labels.length; i++) {
      (out[labels[i]] ? outIdx : keepIdx).add(i);
    }
    int[] ki = keepIdx.stream().mapToInt(Integer::intValue).toArray();
    int[] oi = outIdx.stream().mapToInt(Integer::intValue).toArray();
    int[] ky = new int[ki.length];
    for (int i = 0; i < ki.length; i++) {
      ky[i] = newIndex[labels[ki[i]]];
    }
    LabeledSet keptSet = new LabeledSet(name, images.subset(ki), ky, kept);
    return new Split(keptSet, subset(oi));
  }

  /** The result of {@link #splitClasses}. */
  public record Split(LabeledSet kept, LabeledSet heldOut) {}
}

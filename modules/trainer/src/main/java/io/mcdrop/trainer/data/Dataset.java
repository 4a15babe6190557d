package io.mcdrop.trainer.data;

import io.mcdrop.trainer.tensor.Shape;
import java.util.List;

/**
 * Images as floats in [0, 1] (after the source's scaling, before normalisation), NCHW, with integer
 * labels and class names.
 */
public record Dataset(float[] images, int[] labels, Shape shape, List<String> classes) {
  public Dataset {
    if (images.length != labels.length * shape.size()) {
      throw new IllegalArgumentException(
          images.length + " pixels do not fill " + labels.length + " images of " + shape);
    }
    classes = List.copyOf(classes);
  }

  public int size() {
    return labels.length;
  }

  /** The images at {@code indices}, in that order. */
  public Dataset subset(int[] indices) {
    int s = shape.size();
    float[] img = new float[indices.length * s];
    int[] lab = new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      System.arraycopy(images, indices[i] * s, img, i * s, s);
      lab[i] = labels[indices[i]];
    }
    return new Dataset(img, lab, shape, classes);
  }

  /** Number of images per class. */
  public int[] classCounts() {
    int[] counts = new int[classes.size()];
    for (int y : labels) {
      counts[y]++;
    }
    return counts;
  }
}

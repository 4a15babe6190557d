package io.mcdrop.evaluation.data;

import java.util.Arrays;

/**
 * A batch of images, CHW, pixel values in [0, 1] (the raw image scaled, not yet normalised for a
 * model), stored back to back in one array.
 */
public record ImageSet(int channels, int height, int width, float[] pixels) {
  public ImageSet {
    if (channels < 1 || height < 1 || width < 1) {
      throw new IllegalArgumentException(
          "image shape must be positive, got " + channels + "x" + height + "x" + width);
    }
    if (pixels.length % (channels * height * width) != 0) {
      throw new IllegalArgumentException(
          pixels.length
              + " values do not fill whole "
              + channels
              + "x"
              + height
              + "x"
              + width
              + " images");
    }
  }

  public static ImageSet empty(int channels, int height, int width) {
    return new ImageSet(channels, height, width, new float[0]);
  }

  /** Values per image. */
  public int imageSize() {
    return channels * height * width;
  }

  public int count() {
    return pixels.length / imageSize();
  }

  /** A copy of image {@code i}. */
  public float[] image(int i) {
    int s = imageSize();
    return Arrays.copyOfRange(pixels, i * s, (i + 1) * s);
  }

  /** The images at {@code indices}, in that order. */
  public ImageSet subset(int[] indices) {
    int s = imageSize();
    float[] out = new float[indices.length * s];
    for (int i = 0; i < indices.length; i++) {
      System.arraycopy(pixels, indices[i] * s, out, i * s, s);
    }
    return new ImageSet(channels, height, width, out);
  }

  public boolean sameShape(ImageSet other) {
    return channels == other.channels && height == other.height && width == other.width;
  }

  public String shapeText() {
    return channels + "x" + height + "x" + width;
  }
}

package io.mcdrop.evaluation.shift;

import io.mcdrop.evaluation.data.ImageSet;

/**
 * Rotates images about their centre with bilinear interpolation; pixels that come from outside the
 * image are 0 (the usual protocol for rotated MNIST-style data, whose background is black).
 */
public final class Rotation {
  private Rotation() {}

  /** Every image rotated by {@code degrees} about its centre (180 flips both axes). */
  public static ImageSet rotate(ImageSet images, double degrees) {
    if (degrees % 360 == 0) {
      return images;
    }
    int h = images.height();
    int w = images.width();
    int plane = h * w;
    float[] src = images.pixels();
    float[] dst = new float[src.length];
    double rad = Math.toRadians(degrees);
    double cos = Math.cos(rad);
    double sin = Math.sin(rad);
    double cy = (h - 1) / 2.0;
    double cx = (w - 1) / 2.0;
    int planes = src.length / plane;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        // inverse mapping: where in the source does this destination pixel come from?
        double dx = x - cx;
        double dy = y - cy;
        double sx = cos * dx - sin * dy + cx;
        double sy = sin * dx + cos * dy + cy;
        int x0 = (int) Math.floor(sx);
        int y0 = (int) Math.floor(sy);
        double fx = sx - x0;
        double fy = sy - y0;
        int o = y * w + x;
        for (int p = 0; p < planes; p++) {
          int base = p * plane;
          double v =
              (1 - fy)
                      * ((1 - fx) * at(src, base, h, w, y0, x0)
                          + fx * at(src, base, h, w, y0, x0 + 1))
                  + fy
                      * ((1 - fx) * at(src, base, h, w, y0 + 1, x0)
                          + fx * at(src, base, h, w, y0 + 1, x0 + 1));
          dst[base + o] = (float) v;
        }
      }
    }
    return new ImageSet(images.channels(), h, w, dst);
  }

  private static double at(float[] src, int base, int h, int w, int y, int x) {
    return y < 0 || x < 0 || y >= h || x >= w ? 0 : src[base + y * w + x];
  }
}

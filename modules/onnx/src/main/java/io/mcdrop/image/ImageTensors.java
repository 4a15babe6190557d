package io.mcdrop.image;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.onnx.contract.PreprocessSpec;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * A decoded image to the model's CHW float tensor by a {@link PreprocessSpec}: convert to the
 * model's channels (8-bit gray levels read straight from gray rasters, BT.601 luma from colour),
 * resize by the spec's rule, then {@link PreprocessSpec#normalize}.
 */
public final class ImageTensors {
  private ImageTensors() {}

  /** The input tensor, {@code spec.elements()} floats in CHW order. */
  public static float[] toTensor(BufferedImage src, PreprocessSpec spec) {
    if (!spec.isImage()) {
      throw new McdropException(
          ErrorCode.BAD_OPTION,
          "an image gives 1 (gray) or 3 (RGB) channels; this input takes " + spec.channels());
    }
    int w = spec.width();
    int h = spec.height();
    int hw = h * w;
    float[] out = new float[spec.channels() * hw];
    if (isGray(src)) {
      // Read gray levels from the raster: drawing a gray image into an RGB one goes through
      // Java2D's linear gray colour space and changes the values.
      BufferedImage img = resized(src, w, h, BufferedImage.TYPE_BYTE_GRAY);
      int[] v = img.getRaster().getSamples(0, 0, w, h, 0, (int[]) null);
      for (int c = 0; c < spec.channels(); c++) {
        for (int i = 0; i < hw; i++) {
          out[c * hw + i] = spec.normalize(v[i], c);
        }
      }
      return out;
    }
    BufferedImage img = resized(src, w, h, BufferedImage.TYPE_INT_RGB);
    int[] rgb = img.getRGB(0, 0, w, h, null, 0, w);
    for (int i = 0; i < hw; i++) {
      int px = rgb[i];
      int r = (px >> 16) & 0xff;
      int g = (px >> 8) & 0xff;
      int b = px & 0xff;
      if (spec.channels() == 1) {
        out[i] = spec.normalize(luma(r, g, b), 0);
      } else {
        out[i] = spec.normalize(r, 0);
        out[hw + i] = spec.normalize(g, 1);
        out[2 * hw + i] = spec.normalize(b, 2);
      }
    }
    return out;
  }

  /** ITU-R BT.601 luma of 8-bit levels, the weights PIL's {@code convert("L")} uses. */
  public static double luma(int r, int g, int b) {
    return (r * 299 + g * 587 + b * 114) / 1000.0;
  }

  private static boolean isGray(BufferedImage img) {
    return img.getType() == BufferedImage.TYPE_BYTE_GRAY
        || (img.getColorModel().getNumComponents() == 1
            && img.getRaster().getNumBands() == 1
            && img.getColorModel().getPixelSize() <= 8
            && img.getType() != BufferedImage.TYPE_BYTE_BINARY
            && img.getType() != BufferedImage.TYPE_BYTE_INDEXED);
  }

  private static BufferedImage resized(BufferedImage src, int w, int h, int type) {
    if (src.getWidth() == w && src.getHeight() == h && src.getType() == type) {
      return src;
    }
    BufferedImage scaled = new BufferedImage(w, h, type);
    Graphics2D g = scaled.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(src, 0, 0, w, h, Color.BLACK, null);
    g.dispose();
    return scaled;
  }
}

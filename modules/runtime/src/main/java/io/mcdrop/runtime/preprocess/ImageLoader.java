package io.mcdrop.runtime.preprocess;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Decodes PNG, JPEG, BMP and GIF images (the JDK's ImageIO) and turns them into CHW float tensors.
 */
public final class ImageLoader {
  static {
    // Never try to open a display or cache to disk: mcdrop runs headless on servers.
    System.setProperty("java.awt.headless", "true");
    ImageIO.setUseCache(false);
  }

  private ImageLoader() {}

  public static float[] load(Path file, Preprocessing p) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new McdropException(ErrorCode.NOT_FOUND, "image not found: " + file);
    } catch (IOException e) {
      throw new McdropException(
          ErrorCode.NOT_FOUND, "cannot read image " + file + ": " + e.getMessage(), e);
    }
    return decode(bytes, file.toString(), p);
  }

  /** Decodes image bytes; {@code origin} names the image in error messages. */
  public static float[] decode(byte[] bytes, String origin, Preprocessing p) {
    return toTensor(read(bytes, origin), p);
  }

  public static BufferedImage read(byte[] bytes, String origin) {
    if (bytes.length == 0) {
      throw new McdropException(ErrorCode.BAD_IMAGE, origin + ": empty image");
    }
    BufferedImage img;
    try {
      img = ImageIO.read(new ByteArrayInputStream(bytes));
    } catch (IOException | RuntimeException e) {
      throw new McdropException(
          ErrorCode.BAD_IMAGE, origin + ": corrupt or truncated image (" + e.getMessage() + ")", e);
    }
    if (img == null) {
      throw new McdropException(
          ErrorCode.BAD_IMAGE, origin + ": not an image mcdrop can decode (PNG, JPEG, BMP or GIF)");
    }
    return img;
  }

  /** Resizes (bilinear), converts to the model's channels and normalizes. */
  public static float[] toTensor(BufferedImage src, Preprocessing p) {
    int hw = p.height() * p.width();
    float[] out = new float[p.channels() * hw];
    if (isGray(src)) {
      // Read gray levels from the raster: drawing a gray image into an RGB one goes through
      // Java2D's linear gray colour space and changes the values.
      BufferedImage img = resized(src, p, BufferedImage.TYPE_BYTE_GRAY);
      int[] v = img.getRaster().getSamples(0, 0, p.width(), p.height(), 0, (int[]) null);
      for (int c = 0; c < p.channels(); c++) {
        for (int i = 0; i < hw; i++) {
          out[c * hw + i] = normalize(v[i], c, p);
        }
      }
      return out;
    }
    BufferedImage img = resized(src, p, BufferedImage.TYPE_INT_RGB);
    int[] rgb = img.getRGB(0, 0, p.width(), p.height(), null, 0, p.width());
    for (int i = 0; i < hw; i++) {
      int px = rgb[i];
      int r = (px >> 16) & 0xff;
      int gr = (px >> 8) & 0xff;
      int b = px & 0xff;
      if (p.channels() == 1) {
        // ITU-R BT.601 luma, the same weights PIL's convert("L") uses
        double y = (r * 299 + gr * 587 + b * 114) / 1000.0;
        out[i] = normalize(y, 0, p);
      } else {
        out[i] = normalize(r, 0, p);
        out[hw + i] = normalize(gr, 1, p);
        out[2 * hw + i] = normalize(b, 2, p);
      }
    }
    return out;
  }

  private static boolean isGray(BufferedImage img) {
    return img.getType() == BufferedImage.TYPE_BYTE_GRAY
        || (img.getColorModel().getNumComponents() == 1
            && img.getRaster().getNumBands() == 1
            && img.getColorModel().getPixelSize() <= 8
            && img.getType() != BufferedImage.TYPE_BYTE_BINARY
            && img.getType() != BufferedImage.TYPE_BYTE_INDEXED);
  }

  private static BufferedImage resized(BufferedImage src, Preprocessing p, int type) {
    if (src.getWidth() == p.width() && src.getHeight() == p.height() && src.getType() == type) {
      return src;
    }
    BufferedImage scaled = new BufferedImage(p.width(), p.height(), type);
    Graphics2D g = scaled.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(src, 0, 0, p.width(), p.height(), java.awt.Color.BLACK, null);
    g.dispose();
    return scaled;
  }

  private static float normalize(double v, int c, Preprocessing p) {
    double x = v * p.scale();
    if (p.invert()) {
      x = 255 * p.scale() - x;
    }
    return (float) ((x - p.mean()[c]) / p.std()[c]);
  }
}

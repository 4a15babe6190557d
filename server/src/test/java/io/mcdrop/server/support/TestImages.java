package io.mcdrop.server.support;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import javax.imageio.ImageIO;

/** Small seeded images encoded as PNG or JPEG bytes. */
public final class TestImages {
  private TestImages() {}

  public static byte[] png(long seed) {
    return encode(image(seed, 8, 8), "png");
  }

  public static byte[] jpeg(long seed) {
    return encode(image(seed, 16, 16), "jpg");
  }

  public static BufferedImage image(long seed, int w, int h) {
    Random rnd = new Random(seed);
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.getRaster().setSample(x, y, 0, rnd.nextInt(256));
      }
    }
    return img;
  }

  private static byte[] encode(BufferedImage img, String format) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      if (!ImageIO.write(img, format, out)) {
        throw new IllegalStateException("no ImageIO writer for " + format);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

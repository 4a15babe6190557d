package io.mcdrop.runtime.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageLoaderTest {

  private static byte[] png(BufferedImage img) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  @Test
  void grayPngKeepsItsExactLevels() throws Exception {
    BufferedImage img = new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY);
    for (int i = 0; i < 16; i++) {
      img.getRaster().setSample(i % 4, i / 4, 0, i * 17);
    }
    float[] t = ImageLoader.decode(png(img), "g.png", Preprocessing.plain(1, 4, 4));
    for (int i = 0; i < 16; i++) {
      assertEquals(i * 17 / 255.0, t[i], 1e-6, "pixel " + i);
    }
  }

  @Test
  void normalizationAndInversionFollowThePreprocessingRule() throws Exception {
    BufferedImage img = new BufferedImage(2, 2, BufferedImage.TYPE_BYTE_GRAY);
    img.getRaster().setSample(0, 0, 0, 255);
    Preprocessing p =
        new Preprocessing(
            1, 2, 2, "stretch", 1 / 255.0, new double[] {0.5}, new double[] {0.25}, true);
    float[] t = ImageLoader.decode(png(img), "g.png", p);
    assertEquals((0 - 0.5) / 0.25, t[0], 1e-6); // white inverted to 0
    assertEquals((1 - 0.5) / 0.25, t[1], 1e-6); // black inverted to 1
  }

  @Test
  void rgbImageBecomesThreePlanesOrLuma() throws Exception {
    BufferedImage img = new BufferedImage(3, 3, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 3; y++) {
      for (int x = 0; x < 3; x++) {
        img.setRGB(x, y, 0xFF0000);
      }
    }
    float[] rgb = ImageLoader.decode(png(img), "c.png", Preprocessing.plain(3, 3, 3));
    assertEquals(1.0, rgb[0], 1e-6);
    assertEquals(0.0, rgb[9], 1e-6);
    float[] gray = ImageLoader.decode(png(img), "c.png", Preprocessing.plain(1, 6, 6));
    assertEquals(36, gray.length);
    assertEquals(0.299, gray[20], 0.01);
  }

  @Test
  void corruptTruncatedEmptyAndMissingImagesAreClearErrors() throws Exception {
    BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
    byte[] ok = png(img);
    byte[] truncated = java.util.Arrays.copyOf(ok, ok.length / 2);
    Preprocessing p = Preprocessing.plain(1, 8, 8);
    McdropException e =
        assertThrows(McdropException.class, () -> ImageLoader.decode(truncated, "t.png", p));
    assertEquals(ErrorCode.BAD_IMAGE, e.code());
    assertTrue(e.getMessage().startsWith("t.png"));
    assertEquals(
        ErrorCode.BAD_IMAGE,
        assertThrows(McdropException.class, () -> ImageLoader.decode("hello".getBytes(), "x", p))
            .code());
    assertEquals(
        ErrorCode.BAD_IMAGE,
        assertThrows(McdropException.class, () -> ImageLoader.decode(new byte[0], "x", p)).code());
    assertEquals(
        ErrorCode.NOT_FOUND,
        assertThrows(McdropException.class, () -> ImageLoader.load(Path.of("/nope.png"), p))
            .code());
  }
}

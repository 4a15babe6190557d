package io.mcdrop.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The decoder reads from the byte array through a reused per-thread stream and picks the reader by
 * the magic number; the pixels must be exactly what ImageIO's own path ({@code ImageIO.read(new
 * ByteArrayInputStream(bytes))}) gives, for every format and colour type, and a stream reused after
 * a bad image must still decode the next one.
 */
class ImageDecoderPixelsTest {

  private static byte[] encode(BufferedImage img, String format) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (!ImageIO.write(img, format, out)) {
      throw new AssertionError("no ImageIO writer for " + format + " / type " + img.getType());
    }
    return out.toByteArray();
  }

  private static BufferedImage noise(int w, int h, int type, long seed) {
    BufferedImage img = new BufferedImage(w, h, type);
    Random r = new Random(seed);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, r.nextInt());
      }
    }
    return img;
  }

  private static BufferedImage palette(int w, int h) {
    byte[] c = new byte[16];
    for (int i = 0; i < 16; i++) {
      c[i] = (byte) (i * 17);
    }
    BufferedImage img =
        new BufferedImage(
            w, h, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(4, 16, c, c, c));
    Random r = new Random(3);
    byte[] px = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
    for (int i = 0; i < px.length; i++) {
      px[i] = (byte) r.nextInt(16);
    }
    return img;
  }

  /** Named fixtures: PNG in five colour types, JPEG (RGB, gray), BMP, GIF, the shipped samples. */
  private static List<Object[]> fixtures() throws Exception {
    List<Object[]> f = new ArrayList<>();
    f.add(new Object[] {"gray.png", encode(noise(28, 28, BufferedImage.TYPE_BYTE_GRAY, 1), "png")});
    f.add(new Object[] {"rgb.png", encode(noise(31, 17, BufferedImage.TYPE_INT_RGB, 2), "png")});
    f.add(new Object[] {"rgba.png", encode(noise(19, 23, BufferedImage.TYPE_INT_ARGB, 3), "png")});
    f.add(
        new Object[] {"gray16.png", encode(noise(9, 7, BufferedImage.TYPE_USHORT_GRAY, 4), "png")});
    f.add(new Object[] {"palette.png", encode(palette(33, 5), "png")});
    f.add(new Object[] {"rgb.jpg", encode(noise(40, 24, BufferedImage.TYPE_INT_RGB, 5), "jpg")});
    f.add(new Object[] {"gray.jpg", encode(noise(16, 16, BufferedImage.TYPE_BYTE_GRAY, 6), "jpg")});
    f.add(new Object[] {"rgb.bmp", encode(noise(13, 11, BufferedImage.TYPE_INT_RGB, 7), "bmp")});
    f.add(new Object[] {"palette.gif", encode(palette(21, 14), "gif")});
    Path samples = Path.of("../../models/samples");
    if (Files.isDirectory(samples)) {
      try (var files = Files.list(samples)) {
        for (Path p : files.filter(p -> p.toString().endsWith(".png")).sorted().toList()) {
          f.add(new Object[] {p.getFileName().toString(), Files.readAllBytes(p)});
        }
      }
    }
    return f;
  }

  private static void assertSamePixels(String name, BufferedImage want, BufferedImage got) {
    assertEquals(want.getType(), got.getType(), name + ": type");
    assertEquals(want.getWidth(), got.getWidth(), name + ": width");
    assertEquals(want.getHeight(), got.getHeight(), name + ": height");
    assertEquals(want.getColorModel(), got.getColorModel(), name + ": colour model");
    int bands = want.getRaster().getNumBands();
    assertEquals(bands, got.getRaster().getNumBands(), name + ": bands");
    for (int b = 0; b < bands; b++) {
      int[] a =
          want.getRaster().getSamples(0, 0, want.getWidth(), want.getHeight(), b, (int[]) null);
      int[] c = got.getRaster().getSamples(0, 0, got.getWidth(), got.getHeight(), b, (int[]) null);
      assertArrayEquals(a, c, name + ": band " + b);
    }
  }

  @Test
  void everyFormatDecodesToExactlyWhatImageIoGives() throws Exception {
    for (Object[] f : fixtures()) {
      String name = (String) f[0];
      byte[] bytes = (byte[]) f[1];
      BufferedImage want = ImageIO.read(new ByteArrayInputStream(bytes));
      assertSamePixels(name, want, ImageDecoder.decode(bytes, name));
      assertEquals(
          new ImageDecoder.Size(want.getWidth(), want.getHeight()),
          ImageDecoder.size(bytes, name),
          name);
    }
  }

  @Test
  void theReusedStreamDecodesTheNextImageAfterABadOneOrAnotherFormat() throws Exception {
    List<Object[]> f = fixtures();
    byte[] png = (byte[]) f.get(1)[1];
    byte[] truncated = Arrays.copyOf(png, png.length / 2);
    byte[] gif = (byte[]) f.get(8)[1];
    BufferedImage wantPng = ImageIO.read(new ByteArrayInputStream(png));
    BufferedImage wantGif = ImageIO.read(new ByteArrayInputStream(gif));
    for (int round = 0; round < 3; round++) {
      McdropException e =
          assertThrows(McdropException.class, () -> ImageDecoder.decode(truncated, "cut.png"));
      assertEquals(ErrorCode.BAD_IMAGE, e.code(), e.getMessage());
      assertSamePixels("after bad", wantPng, ImageDecoder.decode(png, "rgb.png"));
      assertSamePixels("gif after png", wantGif, ImageDecoder.decode(gif, "palette.gif"));
      assertThrows(
          McdropException.class, () -> ImageDecoder.decode(ImageDecoderTest.gifBomb(), "bomb.gif"));
    }
  }

  @Test
  void aMagicNumberOverDataItsReaderRefusesFallsBackToImageIoAndIsABadImage() {
    // PNG signature followed by garbage, "BM" text and a lone JPEG SOI: refused cleanly.
    for (byte[] bad :
        new byte[][] {
          {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 1, 2, 3},
          "BM is not a bitmap".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
          {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF},
        }) {
      McdropException e = assertThrows(McdropException.class, () -> ImageDecoder.decode(bad, "x"));
      assertEquals(ErrorCode.BAD_IMAGE, e.code(), e.getMessage());
    }
  }
}

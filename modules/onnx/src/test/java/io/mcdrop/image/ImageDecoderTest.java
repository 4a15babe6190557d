package io.mcdrop.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.onnx.contract.PreprocessSpec;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Decompression bombs: tiny hand-made files whose headers claim huge images must be refused from
 * the header, as {@link ErrorCode#IMAGE_TOO_LARGE}, before pixel memory is allocated. Without the
 * header check the GIF and BMP make ImageIO throw {@link OutOfMemoryError} or allocate gigabytes.
 */
class ImageDecoderTest {

  /** The hostile client's 35-byte GIF: logical screen and first frame both 40000 × 40000. */
  static byte[] gifBomb() {
    ByteBuffer b = ByteBuffer.allocate(35).order(ByteOrder.LITTLE_ENDIAN);
    b.put("GIF89a".getBytes(StandardCharsets.US_ASCII));
    b.putShort((short) 40000).putShort((short) 40000).put((byte) 0x80).put((byte) 0).put((byte) 0);
    b.put(new byte[] {0, 0, 0, (byte) 255, (byte) 255, (byte) 255}); // 2-entry colour table
    b.put((byte) 0x2C).putShort((short) 0).putShort((short) 0);
    b.putShort((short) 40000).putShort((short) 40000).put((byte) 0);
    b.put(new byte[] {2, 2, 0x4C, 0x01, 0, 0x3B}); // LZW min size, one sub-block, end, trailer
    return b.array();
  }

  /** A PNG of 23000 × 23000 16-bit RGBA with one truncated IDAT: about 74 bytes. */
  static byte[] pngBomb() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    ByteBuffer ihdr = ByteBuffer.allocate(13);
    ihdr.putInt(23000).putInt(23000).put((byte) 16).put((byte) 6).put((byte) 0);
    ihdr.put((byte) 0).put((byte) 0);
    chunk(out, "IHDR", ihdr.array());
    Deflater d = new Deflater();
    d.setInput(new byte[64]);
    d.finish();
    byte[] z = new byte[64];
    int n = d.deflate(z);
    byte[] idat = new byte[n];
    System.arraycopy(z, 0, idat, 0, n);
    chunk(out, "IDAT", idat);
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  /**
   * A 54-byte BMP header claiming 20000 × 20000 at 24 bits and a matching 1.2 GB file size (the
   * JDK's reader already refuses a size field smaller than the pixels; this one is consistent).
   */
  static byte[] bmpBomb() {
    ByteBuffer b = ByteBuffer.allocate(54).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 'B').put((byte) 'M').putInt(1_200_000_054).putInt(0).putInt(54);
    b.putInt(40).putInt(20000).putInt(20000).putShort((short) 1).putShort((short) 24);
    b.putInt(0).putInt(0).putInt(2835).putInt(2835).putInt(0).putInt(0);
    return b.array();
  }

  /** A real 8 × 8 baseline JPEG (about 600 bytes) whose SOF0 header is patched to 65000 × 65000. */
  static byte[] jpegBomb() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "jpg", out);
    byte[] b = out.toByteArray();
    for (int i = 0; i + 8 < b.length; i++) {
      if ((b[i] & 0xff) == 0xFF && (b[i + 1] & 0xff) == 0xC0) {
        // FFC0, length (2), precision (1), height (2), width (2)
        b[i + 5] = (byte) 0xFD;
        b[i + 6] = (byte) 0xE8;
        b[i + 7] = (byte) 0xFD;
        b[i + 8] = (byte) 0xE8;
        return b;
      }
    }
    throw new AssertionError("no SOF0 marker in the JDK's JPEG");
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws Exception {
    ByteBuffer len = ByteBuffer.allocate(4).putInt(data.length);
    out.write(len.array());
    byte[] t = type.getBytes(StandardCharsets.US_ASCII);
    out.write(t);
    out.write(data);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  private static void assertTooLarge(byte[] bomb, String name, String claimed) {
    McdropException e = assertThrows(McdropException.class, () -> ImageDecoder.decode(bomb, name));
    assertEquals(ErrorCode.IMAGE_TOO_LARGE, e.code(), e.getMessage());
    assertTrue(e.getMessage().contains(claimed) && e.getMessage().contains(name), e.getMessage());
  }

  @Test
  void aTinyGifClaiming40000By40000IsRefusedFromItsHeader() {
    byte[] bomb = gifBomb();
    assertEquals(35, bomb.length);
    assertEquals(new ImageDecoder.Size(40000, 40000), ImageDecoder.size(bomb, "bomb.gif"));
    assertTooLarge(bomb, "bomb.gif", "40000x40000");
  }

  @Test
  void aTinySixteenBitRgbaPngClaiming23000By23000IsRefusedFromItsHeader() throws Exception {
    byte[] bomb = pngBomb();
    assertTrue(bomb.length < 100, "bomb is " + bomb.length + " bytes");
    assertTooLarge(bomb, "bomb.png", "23000x23000");
  }

  @Test
  void bmpAndJpegHeadersClaimingHugeSizesAreRefused() throws Exception {
    assertTooLarge(bmpBomb(), "bomb.bmp", "20000x20000");
    assertTooLarge(jpegBomb(), "bomb.jpg", "65000x65000");
  }

  @Test
  void theBudgetIsTheCallersAndAnImageJustUnderItDecodes() throws Exception {
    BufferedImage img = new BufferedImage(40, 25, BufferedImage.TYPE_INT_RGB);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    assertEquals(40, ImageDecoder.decode(out.toByteArray(), "ok.png", 1000).getWidth());
    McdropException e =
        assertThrows(
            McdropException.class, () -> ImageDecoder.decode(out.toByteArray(), "ok.png", 999));
    assertEquals(ErrorCode.IMAGE_TOO_LARGE, e.code());
  }

  @Test
  void corruptEmptyAndForeignBytesAreBadImagesNotErrors() {
    for (byte[] bad :
        new byte[][] {
          new byte[0],
          "hello, not an image".getBytes(StandardCharsets.UTF_8),
          java.util.Arrays.copyOf(gifBomb(), 12),
        }) {
      McdropException e = assertThrows(McdropException.class, () -> ImageDecoder.decode(bad, "x"));
      assertEquals(ErrorCode.BAD_IMAGE, e.code(), e.getMessage());
    }
  }

  @Test
  void aGrayImageAndItsRgbCopyGiveTheSameLumaTensor() throws Exception {
    BufferedImage gray = new BufferedImage(3, 3, BufferedImage.TYPE_BYTE_GRAY);
    BufferedImage rgb = new BufferedImage(3, 3, BufferedImage.TYPE_INT_RGB);
    for (int i = 0; i < 9; i++) {
      int v = i * 30;
      gray.getRaster().setSample(i % 3, i / 3, 0, v);
      rgb.setRGB(i % 3, i / 3, (v << 16) | (v << 8) | v);
    }
    float[] a = ImageTensors.toTensor(gray, PreprocessSpec.plain(1, 3, 3));
    float[] b = ImageTensors.toTensor(rgb, PreprocessSpec.plain(1, 3, 3));
    for (int i = 0; i < 9; i++) {
      assertEquals(i * 30 / 255.0, a[i], 1e-6);
      assertEquals(a[i], b[i], 1e-6);
    }
  }
}

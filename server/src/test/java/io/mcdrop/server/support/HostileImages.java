package io.mcdrop.server.support;

import java.io.ByteArrayOutputStream;

/** Tiny files whose headers claim huge images (decompression bombs). */
public final class HostileImages {
  private HostileImages() {}

  /** A GIF of a few dozen bytes whose header claims {@code w} x {@code h} pixels. */
  public static byte[] gif(int w, int h) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes("GIF89a".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    le16(out, w);
    le16(out, h);
    out.write(0x80); // global colour table of 2 entries
    out.write(0);
    out.write(0);
    out.writeBytes(new byte[] {0, 0, 0, (byte) 255, (byte) 255, (byte) 255});
    out.write(',');
    le16(out, 0);
    le16(out, 0);
    le16(out, w);
    le16(out, h);
    out.write(0);
    out.write(2); // LZW minimum code size
    out.writeBytes(new byte[] {2, 0x4c, 0x01, 0}); // one short data block, then terminator
    out.write(';');
    return out.toByteArray();
  }

  /**
   * A PNG of a few dozen bytes whose header claims a 16-bit RGBA image of {@code w} x {@code h}.
   */
  public static byte[] png16(int w, int h) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    java.nio.ByteBuffer ihdr = java.nio.ByteBuffer.allocate(13);
    ihdr.putInt(w).putInt(h).put((byte) 16).put((byte) 6).put((byte) 0).put((byte) 0).put((byte) 0);
    chunk(out, "IHDR", ihdr.array());
    chunk(out, "IDAT", new byte[] {0x78, (byte) 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    java.nio.ByteBuffer len = java.nio.ByteBuffer.allocate(4).putInt(data.length);
    out.writeBytes(len.array());
    out.writeBytes(t);
    out.writeBytes(data);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(t);
    crc.update(data);
    out.writeBytes(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  private static void le16(ByteArrayOutputStream out, int v) {
    out.write(v & 0xff);
    out.write((v >> 8) & 0xff);
  }
}

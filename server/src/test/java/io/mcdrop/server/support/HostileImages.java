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

  private static void le16(ByteArrayOutputStream out, int v) {
    out.write(v & 0xff);
    out.write((v >> 8) & 0xff);
  }
}

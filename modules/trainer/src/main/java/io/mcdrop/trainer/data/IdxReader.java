package io.mcdrop.trainer.data;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Reads IDX files (the MNIST family's format), gzipped or not. */
public final class IdxReader {
  private static final int IMAGES_MAGIC = 0x00000803;
  private static final int LABELS_MAGIC = 0x00000801;

  private IdxReader() {}

  /** Unsigned-byte images as floats in [0, 1]; returns pixels for count×rows×cols. */
  public static float[] readImages(Path file, int[] dimsOut) {
    try (DataInputStream in = open(file)) {
      int magic = in.readInt();
      if (magic != IMAGES_MAGIC) {
        throw bad(file, "image file magic 0x803", magic);
      }
      int n = in.readInt();
      int rows = in.readInt();
      int cols = in.readInt();
      if (n < 0 || rows < 1 || cols < 1) {
        throw new McdropException(
            ErrorCode.BAD_INPUT,
            file
                + " is not a valid IDX image file: its header says "
                + n
                + " images of "
                + rows
                + "x"
                + cols
                + " pixels (the count must be 0 or more and each image at least 1x1)");
      }
      long bytes = (long) n * rows * cols;
      if (bytes > Integer.MAX_VALUE - 8) {
        throw new McdropException(
            ErrorCode.BAD_INPUT,
            file + " claims " + n + " images of " + rows + "x" + cols + ", too many to load");
      }
      byte[] raw = in.readNBytes((int) bytes);
      if (raw.length != bytes) {
        throw new McdropException(
            ErrorCode.BAD_INPUT,
            file
                + " is truncated: its header promises "
                + bytes
                + " pixel bytes, it has "
                + raw.length);
      }
      float[] out = new float[raw.length];
      for (int i = 0; i < raw.length; i++) {
        out[i] = (raw[i] & 0xff) / 255f;
      }
      dimsOut[0] = n;
      dimsOut[1] = rows;
      dimsOut[2] = cols;
      return out;
    } catch (EOFException e) {
      throw new McdropException(
          ErrorCode.BAD_INPUT,
          file + " is empty or cut short inside its header: not an IDX file",
          e);
    } catch (IOException e) {
      throw new McdropException(
          ErrorCode.NOT_FOUND, "cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  public static int[] readLabels(Path file) {
    try (DataInputStream in = open(file)) {
      int magic = in.readInt();
      if (magic != LABELS_MAGIC) {
        throw bad(file, "label file magic 0x801", magic);
      }
      int n = in.readInt();
      if (n < 0) {
        throw new McdropException(
            ErrorCode.BAD_INPUT,
            file + " is not a valid IDX label file: its header says " + n + " labels");
      }
      byte[] raw = in.readNBytes(n);
      if (raw.length != n) {
        throw new McdropException(
            ErrorCode.BAD_INPUT,
            file + " is truncated: its header promises " + n + " labels, it has " + raw.length);
      }
      int[] out = new int[n];
      for (int i = 0; i < n; i++) {
        out[i] = raw[i] & 0xff;
      }
      return out;
    } catch (EOFException e) {
      throw new McdropException(
          ErrorCode.BAD_INPUT,
          file + " is empty or cut short inside its header: not an IDX file",
          e);
    } catch (IOException e) {
      throw new McdropException(
          ErrorCode.NOT_FOUND, "cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static DataInputStream open(Path file) throws IOException {
    InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    if (file.getFileName().toString().endsWith(".gz")) {
      raw = new GZIPInputStream(raw, 1 << 16);
    }
    return new DataInputStream(raw);
  }

  private static McdropException bad(Path file, String expected, int found) {
    return new McdropException(
        ErrorCode.BAD_INPUT,
        file
            + " is not an IDX file: expected "
            + expected
            + ", found 0x"
            + Integer.toHexString(found));
  }
}

package io.mcdrop.image;

import java.io.IOException;
import java.nio.ByteOrder;
import java.util.Arrays;
import javax.imageio.IIOException;
import javax.imageio.stream.ImageInputStreamImpl;

/**
 * An {@link javax.imageio.stream.ImageInputStream} that reads straight from a byte array, one per
 * thread, reused from decode to decode.
 *
 * <p>{@code ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))} wraps the array in a
 * {@code MemoryCacheImageInputStream}, which copies it into fresh 8 KB cache blocks, registers a
 * disposer with the garbage collector and, like every {@link ImageInputStreamImpl}, allocates an 8
 * KB scratch buffer: about 18 KB per call for a 1 KB PNG, the largest share of a server request's
 * allocation. The bytes are already in memory, so this stream seeks and reads in the array itself,
 * and the thread keeps it (with its scratch buffer) for the next image. {@link #close()} lets go of
 * the array and makes the stream ready for the next {@link #over(byte[])} on the same thread.
 */
final class ByteArrayImageInputStream extends ImageInputStreamImpl {
  private static final byte[] NONE = new byte[0];
  private static final ThreadLocal<ByteArrayImageInputStream> PER_THREAD =
      ThreadLocal.withInitial(ByteArrayImageInputStream::new);

  private byte[] bytes = NONE;
  private boolean inUse;
  private long[] marks = new long[8]; // pairs: position, bit offset
  private int markCount;

  private ByteArrayImageInputStream() {}

  /** This thread's stream positioned at the start of {@code bytes}; close it when done. */
  static ByteArrayImageInputStream over(byte[] bytes) {
    ByteArrayImageInputStream s = PER_THREAD.get();
    if (s.inUse) {
      s = new ByteArrayImageInputStream(); // a decode inside a decode on one thread
    }
    s.inUse = true;
    s.bytes = bytes;
    s.streamPos = 0;
    s.bitOffset = 0;
    s.flushedPos = 0;
    s.markCount = 0;
    s.setByteOrder(ByteOrder.BIG_ENDIAN); // the default; the BMP and GIF readers switch it
    return s;
  }

  @Override
  public int read() throws IOException {
    bitOffset = 0;
    if (streamPos >= bytes.length) {
      return -1;
    }
    return bytes[(int) streamPos++] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (off < 0 || len < 0 || off + len > b.length || off + len < 0) {
      throw new IndexOutOfBoundsException("off " + off + ", len " + len + ", length " + b.length);
    }
    bitOffset = 0;
    if (len == 0) {
      return 0;
    }
    if (streamPos >= bytes.length) {
      return -1;
    }
    int n = (int) Math.min(len, bytes.length - streamPos);
    System.arraycopy(bytes, (int) streamPos, b, off, n);
    streamPos += n;
    return n;
  }

  @Override
  public long length() {
    return bytes.length;
  }

  @Override
  public boolean isCached() {
    return true;
  }

  @Override
  public boolean isCachedMemory() {
    return true;
  }

  // Marks kept here rather than in the superclass's private stacks, so that reuse starts clean.
  @Override
  public void mark() {
    if (2 * markCount + 2 > marks.length) {
      marks = Arrays.copyOf(marks, 2 * marks.length);
    }
    marks[2 * markCount] = streamPos;
    marks[2 * markCount + 1] = bitOffset;
    markCount++;
  }

  @Override
  public void reset() throws IOException {
    if (markCount == 0) {
      return;
    }
    markCount--;
    long pos = marks[2 * markCount];
    if (pos < flushedPos) {
      throw new IIOException("Previous marked position has been discarded!");
    }
    seek(pos);
    setBitOffset((int) marks[2 * markCount + 1]);
  }

  /** Lets go of the array; the stream stays open for this thread's next image. */
  @Override
  public void close() {
    bytes = NONE;
    markCount = 0;
    streamPos = 0;
    bitOffset = 0;
    flushedPos = 0;
    inUse = false;
  }
}

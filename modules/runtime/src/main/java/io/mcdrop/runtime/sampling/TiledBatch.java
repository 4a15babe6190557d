package io.mcdrop.runtime.sampling;

import java.util.ArrayList;
import java.util.List;

/**
 * The row layout of one ONNX Runtime run over tiled copies: logical rows {@code [start, end)} of
 * {@code items × copies} (row {@code r} is a copy of item {@code r / copies}), optionally preceded
 * by one throw-away <em>burn-in</em> row.
 *
 * <p>Why burn-in: ONNX Runtime's CPU Dropout seeds a {@code std::default_random_engine} (a
 * multiplicative LCG) with consecutive seeds on successive runs, so the first uniform draw of a run
 * is nearly the same run after run: measured here, the first element of a batch-1 Dropout was kept
 * (or dropped) in every one of thousands of runs. The burn-in row (a copy of the logical row before
 * {@code start}, or of row 0) absorbs those draws; its output is discarded by {@link #kept}.
 *
 * @param copies copies per item (n)
 * @param start first logical row of this run
 * @param end one past the last logical row
 * @param burnIn whether a burn-in row leads the run
 */
public record TiledBatch(int copies, int start, int end, boolean burnIn) {

  /** Runs covering {@code items × copies} rows, at most {@code maxRows} logical rows each. */
  public static List<TiledBatch> plan(int items, int copies, int maxRows, boolean burnIn) {
    List<TiledBatch> out = new ArrayList<>();
    int total = items * copies;
    for (int start = 0; start < total; start += maxRows) {
      out.add(new TiledBatch(copies, start, Math.min(total, start + maxRows), burnIn));
    }
    return out;
  }

  /** Logical rows this run produces. */
  public int logicalRows() {
    return end - start;
  }

  /** Rows fed to ONNX Runtime (logical plus burn-in). */
  public int runRows() {
    return logicalRows() + (burnIn ? 1 : 0);
  }

  /** The item run row {@code r} copies. */
  public int itemOf(int r) {
    if (burnIn) {
      return r == 0 ? Math.max(start - 1, 0) / copies : (start + r - 1) / copies;
    }
    return (start + r) / copies;
  }

  /** The logical row run row {@code r} copies (the burn-in row copies the row before start). */
  public int logicalRowOf(int r) {
    return burnIn ? Math.max(start + r - 1, 0) : start + r;
  }

  /** One feed's input buffer for this run: each run row's item values, back to back. */
  public float[] tile(float[][] perItem) {
    int size = perItem[0].length;
    float[] buf = new float[runRows() * size];
    for (int r = 0; r < runRows(); r++) {
      System.arraycopy(perItem[itemOf(r)], 0, buf, r * size, size);
    }
    return buf;
  }

  /** A feed's buffer: by item, or by logical row for fed masks. */
  public float[] tile(TileFeed f) {
    if (!f.perRow()) {
      return tile(f.items());
    }
    int size = f.rowSize();
    float[] buf = new float[runRows() * size];
    for (int r = 0; r < runRows(); r++) {
      System.arraycopy(f.items()[logicalRowOf(r)], 0, buf, r * size, size);
    }
    return buf;
  }

  /** The input shape for rows of {@code rowShape}. */
  public long[] shape(long[] rowShape) {
    long[] shape = new long[rowShape.length + 1];
    shape[0] = runRows();
    System.arraycopy(rowShape, 0, shape, 1, rowShape.length);
    return shape;
  }

  /** Copies the logical rows' outputs (burn-in dropped) into {@code dst} at their row index. */
  public void kept(float[] out, int width, float[] dst) {
    int skip = burnIn ? width : 0;
    System.arraycopy(out, skip, dst, start * width, logicalRows() * width);
  }
}

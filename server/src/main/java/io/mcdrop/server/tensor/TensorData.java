package io.mcdrop.server.tensor;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Checks a declared tensor shape against the model and splits flat data into model input rows. */
public final class TensorData {
  private TensorData() {}

  /**
   * Checks a declared shape against the model's row shape: either exactly the row shape (one input)
   * or a batch {@code [N, ...row]}. Returns N.
   */
  public static int batchOf(long[] shape, long[] row, String what) {
    boolean single = Arrays.equals(shape, row);
    boolean batched =
        shape.length == row.length + 1
            && Arrays.equals(Arrays.copyOfRange(shape, 1, shape.length), row);
    if (!single && !batched) {
      throw new McdropException(
          ErrorCode.BAD_INPUT,
          what
              + ": shape "
              + Arrays.toString(shape)
              + " does not fit the model, which takes [N, "
              + Arrays.toString(row).substring(1));
    }
    if (batched && (shape[0] < 1 || shape[0] > 1024)) {
      throw new McdropException(
          ErrorCode.BAD_INPUT, what + ": batch size must be between 1 and 1024, got " + shape[0]);
    }
    return single ? 1 : (int) shape[0];
  }

  /** Splits flat data into {@code n} rows of the model's input size. */
  public static List<float[]> rows(float[] flat, int n, int rowSize, String what) {
    if (flat.length != (long) n * rowSize) {
      throw new McdropException(
          ErrorCode.BAD_INPUT,
          what
              + ": 'data' has "
              + flat.length
              + " values but the shape needs "
              + ((long) n * rowSize));
    }
    List<float[]> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(Arrays.copyOfRange(flat, i * rowSize, (i + 1) * rowSize));
    }
    return out;
  }
}

package io.mcdrop.server.tensor;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.micronaut.json.tree.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Flattens JSON tensor data (row-major, nested or flat) and splits it into model input rows. */
public final class TensorData {
  private TensorData() {}

  /**
   * Flattens {@code data} in row-major order, checking that nested arrays are regular and that
   * every element is a finite number.
   */
  public static float[] flatten(JsonNode data, String what) {
    if (data == null || data.isNull()) {
      throw new McdropException(ErrorCode.BAD_INPUT, what + ": 'data' is missing");
    }
    if (!data.isArray()) {
      throw new McdropException(ErrorCode.BAD_INPUT, what + ": 'data' must be a JSON array");
    }
    List<Float> out = new ArrayList<>();
    walk(data, out, what);
    float[] a = new float[out.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = out.get(i);
    }
    return a;
  }

  private static void walk(JsonNode node, List<Float> out, String what) {
    if (node.isArray()) {
      int childSize = -2;
      for (JsonNode child : node.values()) {
        int size = child.isArray() ? child.size() : -1;
        if (childSize != -2 && size != childSize) {
          throw new McdropException(
              ErrorCode.BAD_INPUT, what + ": nested 'data' arrays are ragged (not a tensor)");
        }
        childSize = size;
        walk(child, out, what);
      }
      return;
    }
    if (!node.isNumber()) {
      throw new McdropException(
          ErrorCode.BAD_INPUT,
          what + ": 'data' must contain only numbers, found " + describe(node));
    }
    double v = node.getNumberValue().doubleValue();
    float f = (float) v;
    if (!Float.isFinite(f)) {
      throw new McdropException(
          ErrorCode.BAD_INPUT,
          what + ": 'data' contains a NaN or infinite value (or one outside the float32 range)");
    }
    out.add(f);
  }

  private static String describe(JsonNode n) {
    if (n.isString()) {
      return "the string \"" + abbreviate(n.getStringValue()) + "\"";
    }
    if (n.isBoolean()) {
      return "the boolean " + n.getBooleanValue();
    }
    return n.isNull() ? "null" : "an object";
  }

  private static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }

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

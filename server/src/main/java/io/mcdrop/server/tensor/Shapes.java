package io.mcdrop.server.tensor;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import java.util.Arrays;

/** Tensor shapes: element counts without overflow, and the checks against a model's row shape. */
public final class Shapes {
  /** No tensor this server takes comes near this many elements; larger shapes are refused. */
  public static final long MAX_ELEMENTS = Integer.MAX_VALUE / 8;

  private Shapes() {}

  /** The number of elements of {@code shape}; every dimension must be >= 0. */
  public static long elements(long[] shape, String what) {
    if (shape == null) {
      throw new McdropException(ErrorCode.BAD_INPUT, what + ": 'shape' is missing");
    }
    long n = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new McdropException(
            ErrorCode.BAD_INPUT,
            what + ": shape " + Arrays.toString(shape) + " has a negative dimension");
      }
      if (d != 0 && n > MAX_ELEMENTS / d) {
        throw new McdropException(
            ErrorCode.BAD_INPUT, what + ": shape " + Arrays.toString(shape) + " is too large");
      }
      n *= d;
    }
    return n;
  }
}

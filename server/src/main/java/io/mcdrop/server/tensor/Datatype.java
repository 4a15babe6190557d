package io.mcdrop.server.tensor;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import java.util.Arrays;

/** The Open Inference Protocol's tensor datatypes and their element sizes in binary form. */
public enum Datatype {
  BOOL(1),
  UINT8(1),
  UINT16(2),
  UINT32(4),
  UINT64(8),
  INT8(1),
  INT16(2),
  INT32(4),
  INT64(8),
  FP16(2),
  FP32(4),
  FP64(8),
  /** Variable-size elements: each is a 4-byte little-endian length followed by its bytes. */
  BYTES(0);

  private final int size;

  Datatype(int size) {
    this.size = size;
  }

  /** Bytes per element in binary form; 0 for {@link #BYTES}, whose elements vary in size. */
  public int size() {
    return size;
  }

  /** The datatype named {@code name}, or a BAD_INPUT error that lists the protocol's datatypes. */
  public static Datatype parse(String name, String what) {
    if (name == null) {
      throw new McdropException(ErrorCode.BAD_INPUT, what + ": 'datatype' is missing");
    }
    for (Datatype d : values()) {
      if (d.name().equals(name)) {
        return d;
      }
    }
    throw new McdropException(
        ErrorCode.BAD_INPUT,
        what
            + ": unknown datatype '"
            + Text.abbreviate(name)
            + "'; the protocol's datatypes are "
            + Arrays.toString(values()));
  }
}

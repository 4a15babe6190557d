package io.mcdrop.onnx.build;

import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Conversions between Java arrays and ONNX {@link TensorProto}s (little-endian raw data). */
public final class Tensors {
  private Tensors() {}

  public static TensorProto floats(String name, float[] data, long... dims) {
    checkSize(name, data.length, dims);
    ByteBuffer buf = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    buf.asFloatBuffer().put(data);
    return base(name, TensorProto.DataType.FLOAT, dims)
        .setRawData(ByteString.copyFrom(buf))
        .build();
  }

  public static TensorProto longs(String name, long[] data, long... dims) {
    checkSize(name, data.length, dims);
    ByteBuffer buf = ByteBuffer.allocate(data.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    buf.asLongBuffer().put(data);
    return base(name, TensorProto.DataType.INT64, dims)
        .setRawData(ByteString.copyFrom(buf))
        .build();
  }

  public static TensorProto bool(String name, boolean value) {
    return base(name, TensorProto.DataType.BOOL)
        .setRawData(ByteString.copyFrom(new byte[] {(byte) (value ? 1 : 0)}))
        .build();
  }

  public static TensorProto scalar(String name, float value) {
    return floats(name, new float[] {value});
  }

  /**
   * Reads the values of a numeric tensor as doubles, whatever its storage (raw or typed fields).
   */
  public static double[] toDoubles(TensorProto t) {
    int type = t.getDataType();
    if (!t.getRawData().isEmpty()) {
      ByteBuffer buf = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
      return switch (TensorProto.DataType.forNumber(type)) {
        case FLOAT -> {
          double[] out = new double[buf.remaining() / 4];
          for (int i = 0; i < out.length; i++) out[i] = buf.getFloat();
          yield out;
        }
        case DOUBLE -> {
          double[] out = new double[buf.remaining() / 8];
          for (int i = 0; i < out.length; i++) out[i] = buf.getDouble();
          yield out;
        }
        case INT64 -> {
          double[] out = new double[buf.remaining() / 8];
          for (int i = 0; i < out.length; i++) out[i] = buf.getLong();
          yield out;
        }
        case INT32 -> {
          double[] out = new double[buf.remaining() / 4];
          for (int i = 0; i < out.length; i++) out[i] = buf.getInt();
          yield out;
        }
        case BOOL, UINT8, INT8 -> {
          double[] out = new double[buf.remaining()];
          for (int i = 0; i < out.length; i++) out[i] = buf.get();
          yield out;
        }
        default -> throw new IllegalArgumentException("unsupported tensor data type " + type);
      };
    }
    if (t.getFloatDataCount() > 0) {
      double[] out = new double[t.getFloatDataCount()];
      for (int i = 0; i < out.length; i++) out[i] = t.getFloatData(i);
      return out;
    }
    if (t.getDoubleDataCount() > 0) {
      return t.getDoubleDataList().stream().mapToDouble(Double::doubleValue).toArray();
    }
    if (t.getInt64DataCount() > 0) {
      return t.getInt64DataList().stream().mapToDouble(Long::doubleValue).toArray();
    }
    if (t.getInt32DataCount() > 0) {
      // int32_data also stores bool, int8, uint8, int16 and float16 bits
      return t.getInt32DataList().stream().mapToDouble(Integer::doubleValue).toArray();
    }
    return new double[0];
  }

  private static TensorProto.Builder base(String name, TensorProto.DataType type, long... dims) {
    TensorProto.Builder b = TensorProto.newBuilder().setName(name).setDataType(type.getNumber());
    for (long d : dims) {
      b.addDims(d);
    }
    return b;
  }

  private static void checkSize(String name, int length, long... dims) {
    long n = 1;
    for (long d : dims) {
      n *= d;
    }
    if (n != length) {
      throw new IllegalArgumentException(
          "tensor "
              + name
              + ": "
              + length
              + " values do not fill shape "
              + java.util.Arrays.toString(dims));
    }
  }
}

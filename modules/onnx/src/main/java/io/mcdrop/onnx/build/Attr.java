package io.mcdrop.onnx.build;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.TensorProto;

/** Factory for ONNX node attributes, so graph-building code reads like the ONNX operator docs. */
public final class Attr {
  private Attr() {}

  public static AttributeProto i(String name, long value) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.INT)
        .setI(value)
        .build();
  }

  public static AttributeProto f(String name, float value) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.FLOAT)
        .setF(value)
        .build();
  }

  public static AttributeProto s(String name, String value) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.STRING)
        .setS(com.google.protobuf.ByteString.copyFromUtf8(value))
        .build();
  }

  public static AttributeProto ints(String name, long... values) {
    AttributeProto.Builder b =
        AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
    for (long v : values) {
      b.addInts(v);
    }
    return b.build();
  }

  public static AttributeProto tensor(String name, TensorProto value) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.TENSOR)
        .setT(value)
        .build();
  }
}

package io.mcdrop.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import com.google.protobuf.InvalidProtocolBufferException;
import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Reading, writing and small queries on ONNX model protos. */
public final class OnnxModels {
  private OnnxModels() {}

  /** Reads an ONNX model file, with a clear error for missing files and non-ONNX bytes. */
  public static ModelProto read(Path file) {
    if (Files.isDirectory(file)) {
      throw new McdropException(
          ErrorCode.NOT_FOUND, "model " + file + " is a directory, not an .onnx file");
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new McdropException(ErrorCode.NOT_FOUND, "model file not found: " + file);
    } catch (IOException e) {
      throw new McdropException(
          ErrorCode.NOT_FOUND, "cannot read model " + file + ": " + e.getMessage(), e);
    }
    return parse(bytes, file.toString());
  }

  /** Parses model bytes; {@code origin} names the source in error messages. */
  public static ModelProto parse(byte[] bytes, String origin) {
    ModelProto model;
    try {
      model = ModelProto.parseFrom(bytes);
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      throw new McdropException(
          ErrorCode.MODEL_INVALID,
          origin + " is not a valid ONNX model (protobuf parse failed)",
          e);
    }
    if (!model.hasGraph() || model.getGraph().getNodeCount() == 0 || model.getIrVersion() == 0) {
      throw new McdropException(
          ErrorCode.MODEL_INVALID, origin + " is not a valid ONNX model (no graph or IR version)");
    }
    return model;
  }

  /** Writes a model atomically (see {@link AtomicFiles}). */
  public static void write(ModelProto model, Path file) {
    try {
      AtomicFiles.write(file, model::writeTo);
    } catch (IOException e) {
      throw new McdropException(
          ErrorCode.NOT_FOUND, "cannot write model " + file + ": " + e.getMessage(), e);
    }
  }

  /** The opset version of the default ONNX domain ("" or "ai.onnx"). */
  public static int defaultOpset(ModelProto model) {
    for (OperatorSetIdProto op : model.getOpsetImportList()) {
      if (op.getDomain().isEmpty() || op.getDomain().equals("ai.onnx")) {
        return (int) op.getVersion();
      }
    }
    return 1;
  }

  public static Map<String, String> metadata(ModelProto model) {
    Map<String, String> out = new LinkedHashMap<>();
    for (StringStringEntryProto e : model.getMetadataPropsList()) {
      out.put(e.getKey(), e.getValue());
    }
    return out;
  }

  public static Optional<String> metadata(ModelProto model, String key) {
    return Optional.ofNullable(metadata(model).get(key));
  }

  /** Returns a copy of the model with {@code key} set to {@code value} in its metadata. */
  public static ModelProto withMetadata(ModelProto model, String key, String value) {
    ModelProto.Builder b = model.toBuilder().clearMetadataProps();
    boolean replaced = false;
    for (StringStringEntryProto e : model.getMetadataPropsList()) {
      if (e.getKey().equals(key)) {
        b.addMetadataProps(e.toBuilder().setValue(value));
        replaced = true;
      } else {
        b.addMetadataProps(e);
      }
    }
    if (!replaced) {
      b.addMetadataProps(StringStringEntryProto.newBuilder().setKey(key).setValue(value));
    }
    return b.build();
  }
}

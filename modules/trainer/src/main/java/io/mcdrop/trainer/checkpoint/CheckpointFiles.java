package io.mcdrop.trainer.checkpoint;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.io.AtomicFiles;
import io.mcdrop.trainer.arch.ArchSpec;
import io.mcdrop.trainer.arch.Architecture;
import io.mcdrop.trainer.config.EpochStats;
import io.mcdrop.trainer.config.TrainConfig;
import io.mcdrop.trainer.data.Preprocess;
import io.mcdrop.trainer.tensor.Shape;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;

/**
 * Checkpoint file format: the 8 bytes {@code MCDCKPT2}, then the payload (a length-prefixed UTF-8
 * JSON header, the number of arrays, each array as a length and little-endian floats), then the
 * CRC-32 of the payload as 8 big-endian bytes. A flipped bit anywhere in the payload fails the
 * check, so a damaged file is refused instead of resuming or exporting wrong weights. Files of the
 * first format ({@code MCDCKPT1}, no checksum) are still read.
 */
public final class CheckpointFiles {
  private static final byte[] MAGIC = "MCDCKPT2".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] MAGIC_V1 = "MCDCKPT1".getBytes(StandardCharsets.US_ASCII);
  private static final ObjectMapper JSON = new ObjectMapper();

  private CheckpointFiles() {}

  /** Writes atomically: a temporary file in the same folder, fsync'd, then renamed over. */
  public static void write(Checkpoint ck, Path file) {
    try {
      AtomicFiles.write(
          file,
          stream -> {
            stream.write(MAGIC);
            CheckedOutputStream checked = new CheckedOutputStream(stream, new CRC32());
            DataOutputStream out = new DataOutputStream(checked);
            byte[] header = JSON.writeValueAsBytes(header(ck));
            out.writeInt(header.length);
            out.write(header);
            out.writeInt(ck.arrays().size());
            for (float[] a : ck.arrays()) {
              out.writeInt(a.length);
              ByteBuffer buf = ByteBuffer.allocate(a.length * 4).order(ByteOrder.LITTLE_ENDIAN);
              buf.asFloatBuffer().put(a);
              out.write(buf.array());
            }
            out.flush();
            new DataOutputStream(stream).writeLong(checked.getChecksum().getValue());
            stream.flush();
          });
    } catch (IOException e) {
      throw new McdropException(
          ErrorCode.NOT_FOUND, "cannot write checkpoint " + file + ": " + e.getMessage(), e);
    }
  }

  public static Checkpoint read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new McdropException(ErrorCode.NOT_FOUND, "checkpoint not found: " + file);
    } catch (IOException e) {
      throw new McdropException(
          ErrorCode.NOT_FOUND, "cannot read checkpoint " + file + ": " + e.getMessage(), e);
    }
    byte[] magic = java.util.Arrays.copyOf(bytes, Math.min(bytes.length, MAGIC.length));
    int end;
    if (java.util.Arrays.equals(magic, MAGIC)) {
      end = bytes.length - 8;
      if (end < MAGIC.length) {
        throw damaged(file, "it ends before its checksum");
      }
      CRC32 crc = new CRC32();
      crc.update(bytes, MAGIC.length, end - MAGIC.length);
      long stored = ByteBuffer.wrap(bytes, end, 8).getLong();
      if (stored != crc.getValue()) {
        throw damaged(file, "its checksum does not match its contents (changed or corrupted)");
      }
    } else if (java.util.Arrays.equals(magic, MAGIC_V1)) {
      end = bytes.length;
    } else {
      throw new McdropException(
          ErrorCode.BAD_INPUT,
          file + " is not an mcdrop checkpoint (expected a .ckpt written by mcdrop train)");
    }
    try (DataInputStream in =
        new DataInputStream(new ByteArrayInputStream(bytes, MAGIC.length, end - MAGIC.length))) {
      int headerLength = in.readInt();
      if (headerLength < 0 || headerLength > end) {
        throw new EOFException("header length " + headerLength);
      }
      byte[] header = in.readNBytes(headerLength);
      Map<String, Object> h = JSON.readValue(header, new TypeReference<Map<String, Object>>() {});
      int count = in.readInt();
      if (count < 0 || count > end / 4) {
        throw new EOFException("array count " + count);
      }
      List<float[]> arrays = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        int len = in.readInt();
        if (len < 0 || len > end / 4) {
          throw new EOFException("array " + i + " length " + len);
        }
        byte[] raw = in.readNBytes(len * 4);
        if (raw.length != len * 4) {
          throw new EOFException("array " + i + " truncated");
        }
        float[] a = new float[len];
        ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(a);
        arrays.add(a);
      }
      return fromHeader(h, arrays);
    } catch (IOException | RuntimeException e) {
      if (e instanceof McdropException me) {
        throw me;
      }
      throw damaged(file, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }
  }

  private static McdropException damaged(Path file, String why) {
    return new McdropException(
        ErrorCode.BAD_INPUT, "checkpoint " + file + " is damaged or incomplete: " + why);
  }

  private static Map<String, Object> header(Checkpoint ck) {
    Map<String, Object> h = new LinkedHashMap<>();
    Architecture a = ck.architecture();
    h.put(
        "architecture",
        Map.of(
            "name", a.name(),
            "spec", a.spec().text(),
            "input", List.of(a.input().c(), a.input().h(), a.input().w())));
    h.put("config", JSON.convertValue(ck.config(), Map.class));
    h.put("preprocess", ck.preprocess().toMap());
    h.put("labels", ck.labels());
    h.put("data", ck.data());
    h.put("epoch", ck.epoch());
    h.put("history", ck.history());
    h.put("bestValLoss", Double.isFinite(ck.bestValLoss()) ? ck.bestValLoss() : null);
    h.put("badEpochs", ck.badEpochs());
    h.put("optimizerSteps", ck.optimizerSteps());
    return h;
  }

  @SuppressWarnings("unchecked")
  private static Checkpoint fromHeader(Map<String, Object> h, List<float[]> arrays) {
    Map<String, Object> a = (Map<String, Object>) h.get("architecture");
    List<Number> in = (List<Number>) a.get("input");
    Architecture arch =
        new Architecture(
            (String) a.get("name"),
            ArchSpec.parse((String) a.get("spec")),
            new Shape(in.get(0).intValue(), in.get(1).intValue(), in.get(2).intValue()));
    TrainConfig config = JSON.convertValue(h.get("config"), TrainConfig.class);
    Preprocess pre = Preprocess.fromMap((Map<String, Object>) h.get("preprocess"));
    List<EpochStats> history =
        JSON.convertValue(h.get("history"), new TypeReference<List<EpochStats>>() {});
    Object best = h.get("bestValLoss");
    return new Checkpoint(
        arch,
        config,
        pre,
        (List<String>) h.get("labels"),
        (String) h.get("data"),
        ((Number) h.get("epoch")).intValue(),
        history,
        best == null ? Double.POSITIVE_INFINITY : ((Number) best).doubleValue(),
        ((Number) h.get("badEpochs")).intValue(),
        ((Number) h.get("optimizerSteps")).longValue(),
        arrays);
  }
}

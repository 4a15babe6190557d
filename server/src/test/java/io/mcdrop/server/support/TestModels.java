package io.mcdrop.server.support;

import io.mcdrop.onnx.OnnxModels;
import io.mcdrop.onnx.fixtures.FixtureModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A models directory with the fixture models: {@code cnn} (8x8 gray, 3 classes, head dropout),
 * {@code plain} (the same without dropout), {@code vector} (tensor input only, no image metadata)
 * and {@code broken.onnx} (not a model, must be skipped).
 */
public final class TestModels {
  public static final String CNN = "cnn";
  public static final String PLAIN = "plain";
  public static final String VECTOR = "vector";

  private TestModels() {}

  public static Path write(Path dir) throws IOException {
    Files.createDirectories(dir);
    OnnxModels.write(FixtureModels.smallCnn(7, 0.5f, 0f), dir.resolve(CNN + ".onnx"));
    OnnxModels.write(
        FixtureModels.withoutDropout(FixtureModels.smallCnn(7, 0.5f, 0f)),
        dir.resolve(PLAIN + ".onnx"));
    OnnxModels.write(FixtureModels.dropoutOnly(4, 0.5f), dir.resolve(VECTOR + ".onnx"));
    Files.writeString(dir.resolve("broken.onnx"), "this is not an ONNX model");
    Files.writeString(dir.resolve("notes.txt"), "ignored: not an .onnx file");
    return dir;
  }
}

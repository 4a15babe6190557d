package io.mcdrop.cli.common;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Refuses a model path that names a FIFO, device or socket before anything reads it: reading {@code
 * /dev/zero} or a FIFO nobody writes to would never end. Missing files and directories are left to
 * the library, which already says so.
 */
public final class ModelFile {
  private ModelFile() {}

  public static Path check(Path model) {
    if (Files.exists(model) && !Files.isRegularFile(model) && !Files.isDirectory(model)) {
      throw new McdropException(
          ErrorCode.MODEL_INVALID,
          "model "
              + model
              + " is not a regular file (a FIFO, device or socket); give an .onnx file");
    }
    return model;
  }
}

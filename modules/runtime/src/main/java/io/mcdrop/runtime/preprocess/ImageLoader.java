package io.mcdrop.runtime.preprocess;

import io.mcdrop.image.ImageDecoder;
import io.mcdrop.image.ImageTensors;
import io.mcdrop.onnx.contract.PreprocessSpec;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

/**
 * Image file or bytes to the model's input tensor, through the one image path ({@link ImageDecoder}
 * with its header pixel budget, then {@link ImageTensors}). A façade kept for the CLI and server.
 */
public final class ImageLoader {
  private ImageLoader() {}

  public static float[] load(Path file, Preprocessing p) {
    return load(file, p.toSpec());
  }

  public static float[] load(Path file, PreprocessSpec p) {
    return ImageTensors.toTensor(ImageDecoder.read(file), p);
  }

  /** Decodes image bytes; {@code origin} names the image in error messages. */
  public static float[] decode(byte[] bytes, String origin, Preprocessing p) {
    return decode(bytes, origin, p.toSpec());
  }

  public static float[] decode(byte[] bytes, String origin, PreprocessSpec p) {
    return ImageTensors.toTensor(ImageDecoder.decode(bytes, origin), p);
  }

  public static BufferedImage read(byte[] bytes, String origin) {
    return ImageDecoder.decode(bytes, origin);
  }

  /** Resizes (bilinear), converts to the model's channels and normalizes. */
  public static float[] toTensor(BufferedImage src, Preprocessing p) {
    return ImageTensors.toTensor(src, p.toSpec());
  }
}

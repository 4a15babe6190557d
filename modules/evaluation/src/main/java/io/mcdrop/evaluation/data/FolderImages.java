package io.mcdrop.evaluation.data;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.runtime.preprocess.ImageLoader;
import io.mcdrop.runtime.preprocess.Preprocessing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Every image under a directory (recursively, any layout: an ImageFolder tree or a flat folder),
 * resized to the model's input and scaled to [0, 1]. Used for out-of-distribution sets, where class
 * subfolders carry no meaning.
 */
public final class FolderImages {
  private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".bmp", ".gif");

  private FolderImages() {}

  /**
   * Reads up to {@code limit} images (sorted by path, so the choice is reproducible).
   *
   * @throws McdropException NOT_FOUND if the directory is missing, BAD_OPTION if it holds no images
   */
  public static ImageSet load(Path root, int channels, int height, int width, int limit) {
    if (!Files.isDirectory(root)) {
      throw new McdropException(
          ErrorCode.NOT_FOUND, "OOD folder " + root + " does not exist or is not a directory");
    }
    List<Path> files;
    try (Stream<Path> s = Files.walk(root)) {
      files = s.filter(Files::isRegularFile).filter(FolderImages::isImage).sorted().toList();
    } catch (IOException e) {
      throw new McdropException(
          ErrorCode.NOT_FOUND, "cannot list OOD folder " + root + ": " + e.getMessage(), e);
    }
    if (files.isEmpty()) {
      throw new McdropException(
          ErrorCode.BAD_OPTION,
          "OOD folder "
              + root
              + " holds no images (.png, .jpg, .jpeg, .bmp, .gif); give a folder of images that"
              + " are not of the model's classes");
    }
    files = files.subList(0, Math.min(limit, files.size()));
    // Unit scale, no normalisation: the evaluator applies the model's own rule later.
    Preprocessing unit = Preprocessing.plain(channels, height, width);
    int size = channels * height * width;
    float[] pixels = new float[files.size() * size];
    for (int i = 0; i < files.size(); i++) {
      float[] img = ImageLoader.load(files.get(i), unit);
      System.arraycopy(img, 0, pixels, i * size, size);
    }
    return new ImageSet(channels, height, width, pixels);
  }

  static boolean isImage(Path p) {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return EXTENSIONS.stream().anyMatch(n::endsWith);
  }
}

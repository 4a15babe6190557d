package io.mcdrop.trainer.data;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.image.ImageDecoder;
import io.mcdrop.image.ImageTensors;
import io.mcdrop.onnx.contract.PreprocessSpec;
import io.mcdrop.trainer.tensor.Shape;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * An image tree {@code root/<class>/*.png|jpg|jpeg}: class names are the sorted folder names;
 * images of any size are resized (bilinear) to the target shape and converted to grayscale or RGB
 * as the shape's channel count says. Unreadable files are skipped and counted.
 */
public final class ImageFolder {
  /** The loaded data and anything the user should hear about (skipped files, imbalance). */
  public record Loaded(Dataset dataset, List<String> warnings) {}

  private static final double IMBALANCE_WARNING = 10.0;

  private ImageFolder() {}

  public static Loaded load(Path root, Shape target) {
    if (!Files.isDirectory(root)) {
      throw new McdropException(
          ErrorCode.NOT_FOUND,
          "data "
              + root
              + " is not a directory; expected fashion-mnist, synthetic, or an ImageFolder root"
              + " with one sub-folder of images per class");
    }
    List<Path> classDirs;
    try (Stream<Path> s = Files.list(root)) {
      classDirs = s.filter(Files::isDirectory).sorted().toList();
    } catch (IOException e) {
      throw new McdropException(
          ErrorCode.NOT_FOUND, "cannot list " + root + ": " + e.getMessage(), e);
    }
    if (classDirs.size() < 2) {
      throw new McdropException(
          ErrorCode.BAD_INPUT,
          "ImageFolder "
              + root
              + " has "
              + classDirs.size()
              + " class folder(s); a classifier needs at least 2 (root/<class>/*.png|jpg)");
    }
    List<String> classes = new ArrayList<>();
    List<float[]> images = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    int skipped = 0;
    int[] counts = new int[classDirs.size()];
    for (int c = 0; c < classDirs.size(); c++) {
      Path dir = classDirs.get(c);
      classes.add(dir.getFileName().toString());
      List<Path> files;
      try (Stream<Path> s = Files.list(dir)) {
        files = s.filter(ImageFolder::isImageName).sorted().toList();
      } catch (IOException e) {
        throw new McdropException(
            ErrorCode.NOT_FOUND, "cannot list " + dir + ": " + e.getMessage(), e);
      }
      for (Path f : files) {
        float[] px = read(f, target);
        if (px == null) {
          skipped++;
          continue;
        }
        images.add(px);
        labels.add(c);
        counts[c]++;
      }
      if (counts[c] == 0) {
        throw new McdropException(
            ErrorCode.BAD_INPUT,
            "ImageFolder class '"
                + classes.get(c)
                + "' ("
                + dir
                + ") has no readable PNG or JPEG images");
      }
    }
    if (skipped > 0) {
      warnings.add("skipped " + skipped + " unreadable image file(s) under " + root);
    }
    int min = java.util.Arrays.stream(counts).min().orElse(0);
    int max = java.util.Arrays.stream(counts).max().orElse(0);
    if (max > IMBALANCE_WARNING * min) {
      warnings.add(
          "classes are unbalanced ("
              + min
              + " to "
              + max
              + " images per class); accuracy will favour the large classes");
    }
    float[] all = new float[images.size() * target.size()];
    int[] y = new int[images.size()];
    for (int i = 0; i < images.size(); i++) {
      System.arraycopy(images.get(i), 0, all, i * target.size(), target.size());
      y[i] = labels.get(i);
    }
    return new Loaded(new Dataset(all, y, target, classes), warnings);
  }

  private static boolean isImageName(Path p) {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return Files.isRegularFile(p)
        && (n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg"));
  }

  /**
   * Decodes, resizes and converts one image to [0, 1] floats in CHW through the one image path
   * ({@link ImageDecoder}, {@link ImageTensors}, the same the runtime serves with); null if
   * unreadable or over the pixel budget.
   */
  static float[] read(Path file, Shape target) {
    try {
      return toChw(ImageDecoder.read(file), target);
    } catch (McdropException e) {
      return null;
    }
  }

  /** Resizes (bilinear) and converts to grayscale (BT.601 luma) or RGB floats in [0, 1]. */
  public static float[] toChw(BufferedImage img, Shape target) {
    return ImageTensors.toTensor(img, PreprocessSpec.plain(target.c(), target.h(), target.w()));
  }
}

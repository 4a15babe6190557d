package io.mcdrop.trainer.data;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.trainer.tensor.Shape;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

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

  /** Decodes, resizes and converts one image to [0, 1] floats in CHW; null if unreadable. */
  static float[] read(Path file, Shape target) {
    BufferedImage img;
    try {
      img = ImageIO.read(file.toFile());
    } catch (IOException | RuntimeException e) {
      return null;
    }
    if (img == null) {
      return null;
    }
    return toChw(img, target);
  }

  /** Resizes with bilinear interpolation and converts to grayscale (luma) or RGB floats. */
  public static float[] toChw(BufferedImage img, Shape target) {
    BufferedImage rgb = new BufferedImage(target.w(), target.h(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = rgb.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(img, 0, 0, target.w(), target.h(), null);
    g.dispose();
    int plane = target.h() * target.w();
    float[] out = new float[target.size()];
    for (int yy = 0; yy < target.h(); yy++) {
      for (int xx = 0; xx < target.w(); xx++) {
        int p = rgb.getRGB(xx, yy);
        float r = ((p >> 16) & 0xff) / 255f;
        float gr = ((p >> 8) & 0xff) / 255f;
        float b = (p & 0xff) / 255f;
        int i = yy * target.w() + xx;
        if (target.c() == 1) {
          out[i] = 0.299f * r + 0.587f * gr + 0.114f * b;
        } else {
          out[i] = r;
          out[plane + i] = gr;
          out[2 * plane + i] = b;
        }
      }
    }
    return out;
  }
}

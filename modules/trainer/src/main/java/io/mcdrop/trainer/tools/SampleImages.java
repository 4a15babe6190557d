package io.mcdrop.trainer.tools;

import io.mcdrop.trainer.data.Dataset;
import io.mcdrop.trainer.data.FashionMnist;
import io.mcdrop.trainer.tensor.Rng;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Writes the sample images shipped with the default model: the first Fashion-MNIST test image of
 * each class ({@code 0-tshirt.png} … {@code 9-ankle-boot.png}) and three images unlike anything in
 * Fashion-MNIST, drawn in code: a handwritten-style digit, uniform noise and a blank image.
 */
public final class SampleImages {
  static final List<String> FILE_NAMES =
      List.of(
          "tshirt",
          "trouser",
          "pullover",
          "dress",
          "coat",
          "sandal",
          "shirt",
          "sneaker",
          "bag",
          "ankle-boot");

  private SampleImages() {}

  public static void write(Dataset test, Path dir) {
    try {
      Files.createDirectories(dir);
      int side = test.shape().h();
      for (int k = 0; k < FILE_NAMES.size(); k++) {
        int idx = first(test, k);
        float[] px = new float[side * side];
        System.arraycopy(test.images(), idx * px.length, px, 0, px.length);
        ImageIO.write(
            gray(px, side), "png", dir.resolve(k + "-" + FILE_NAMES.get(k) + ".png").toFile());
      }
      ImageIO.write(digitSeven(side), "png", dir.resolve("ood-digit-7.png").toFile());
      ImageIO.write(noise(side, 7), "png", dir.resolve("ood-noise.png").toFile());
      ImageIO.write(
          gray(new float[side * side], side), "png", dir.resolve("ood-blank.png").toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int first(Dataset d, int label) {
    for (int i = 0; i < d.size(); i++) {
      if (d.labels()[i] == label) {
        return i;
      }
    }
    throw new IllegalArgumentException("no image of class " + label);
  }

  static BufferedImage gray(float[] px, int side) {
    BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        int v = Math.round(Math.max(0, Math.min(1, px[y * side + x])) * 255);
        img.getRaster().setSample(x, y, 0, v);
      }
    }
    return img;
  }

  /** A white pen-stroke "7" on black, in the style of MNIST digits. */
  static BufferedImage digitSeven(int side) {
    BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.BLACK);
    g.fillRect(0, 0, side, side);
    g.setColor(Color.WHITE);
    g.setStroke(new BasicStroke(side / 9f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    float s = side / 28f;
    Path2D.Float p = new Path2D.Float();
    p.moveTo(7 * s, 7 * s);
    p.curveTo(12 * s, 6 * s, 17 * s, 6.5f * s, 21 * s, 6 * s);
    p.curveTo(17 * s, 11 * s, 14 * s, 16 * s, 12 * s, 22 * s);
    g.draw(p);
    g.drawLine(Math.round(10 * s), Math.round(14 * s), Math.round(18 * s), Math.round(14 * s));
    g.dispose();
    return img;
  }

  static BufferedImage noise(int side, long seed) {
    Rng rng = new Rng(seed);
    float[] px = new float[side * side];
    for (int i = 0; i < px.length; i++) {
      px[i] = rng.nextFloat();
    }
    return gray(px, side);
  }

  /** Writes the samples for Fashion-MNIST from the default location into {@code args[0]}. */
  public static void main(String[] args) {
    write(
        FashionMnist.test(FashionMnist.DEFAULT_DIR),
        Path.of(args.length > 0 ? args[0] : "models/samples"));
  }
}

package io.mcdrop.spark.job;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/** Generated test images (seeded blobs on noise, gray 28x28 and RGB 40x32) and junk files. */
final class TestImages {
  private TestImages() {}

  /** Writes {@code n} images under {@code dir} in a few subfolders; returns their paths. */
  static List<Path> write(Path dir, int n, long seed) throws IOException {
    Random rnd = new Random(seed);
    List<Path> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Path sub = dir.resolve("group-" + (i % 3));
      Files.createDirectories(sub);
      boolean rgb = i % 5 == 0;
      BufferedImage img =
          rgb
              ? new BufferedImage(32, 40, BufferedImage.TYPE_INT_RGB)
              : new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
      int cx = rnd.nextInt(img.getWidth());
      int cy = rnd.nextInt(img.getHeight());
      int r = 4 + rnd.nextInt(10);
      for (int y = 0; y < img.getHeight(); y++) {
        for (int x = 0; x < img.getWidth(); x++) {
          int d = (x - cx) * (x - cx) + (y - cy) * (y - cy);
          int v = Math.min(255, (d < r * r ? 200 : 0) + rnd.nextInt(40));
          int px = rgb ? (v << 16) | ((v / 2) << 8) | (255 - v) : v * 0x010101;
          img.setRGB(x, y, px);
        }
      }
      Path f = sub.resolve(String.format("img-%04d.png", i));
      ImageIO.write(img, "png", f.toFile());
      out.add(f);
    }
    return out;
  }

  /** Corrupt, empty and truncated images (image names, so they are read) and a text file. */
  static List<Path> junk(Path dir) throws IOException {
    Files.createDirectories(dir);
    byte[] noise = new byte[300];
    new Random(7).nextBytes(noise);
    Path corrupt = Files.write(dir.resolve("corrupt.png"), noise);
    Path empty = Files.write(dir.resolve("empty.jpg"), new byte[0]);
    Path good = write(dir.resolve("tmp"), 1, 3).get(0);
    byte[] full = Files.readAllBytes(good);
    Path truncated = Files.write(dir.resolve("truncated.png"), Arrays.copyOf(full, 40));
    Files.delete(good);
    Files.writeString(dir.resolve("notes.txt"), "not an image, not listed");
    return List.of(corrupt, empty, truncated);
  }
}

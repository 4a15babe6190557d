package io.mcdrop.trainer.data;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.trainer.tensor.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Resolves a {@code --data} argument: {@code fashion-mnist} (the Debian package's files, or {@code
 * fashion-mnist:DIR}), {@code synthetic[:COUNT]} (for tests and demos), or a path to an ImageFolder
 * root.
 *
 * @param train images to train (and split validation) on
 * @param test held-out test images, or null if the source has none
 * @param warnings things the user should hear about (skipped files, imbalance)
 */
public record DataSource(String name, Dataset train, Dataset test, List<String> warnings) {

  public static final String FASHION = "fashion-mnist";
  public static final String SYNTHETIC = "synthetic";

  /**
   * Loads {@code spec}; {@code input} is the network input shape that ImageFolder images are
   * resized to (Fashion-MNIST and synthetic data have their own shape and must match it).
   */
  public static DataSource load(String spec, Shape input, long seed) {
    String s = spec.strip();
    if (s.equals(FASHION) || s.startsWith(FASHION + ":")) {
      Path dir =
          s.equals(FASHION) ? FashionMnist.DEFAULT_DIR : Path.of(s.substring(FASHION.length() + 1));
      return new DataSource(FASHION, FashionMnist.train(dir), FashionMnist.test(dir), List.of());
    }
    if (s.equals(SYNTHETIC) || s.startsWith(SYNTHETIC + ":")) {
      int count = 2000;
      if (!s.equals(SYNTHETIC)) {
        try {
          count = Integer.parseInt(s.substring(SYNTHETIC.length() + 1));
        } catch (NumberFormatException e) {
          throw new McdropException(
              ErrorCode.BAD_OPTION, "--data " + spec + ": expected synthetic or synthetic:COUNT");
        }
        if (count < 1) {
          throw new McdropException(
              ErrorCode.BAD_OPTION,
              "data source "
                  + spec
                  + ": COUNT is the number of images to generate and must be at least 1, got "
                  + count);
        }
      }
      Dataset train = Synthetic.generate(count, 10, input, seed);
      Dataset test = Synthetic.generate(Math.max(100, count / 5), 10, input, seed + 1);
      return new DataSource(SYNTHETIC, train, test, List.of());
    }
    Path root = Path.of(s);
    if (!Files.exists(root)) {
      throw new McdropException(
          ErrorCode.NOT_FOUND,
          "--data "
              + spec
              + ": no such directory; expected fashion-mnist, synthetic[:COUNT], or an ImageFolder"
              + " root (root/<class>/*.png|jpg)");
    }
    ImageFolder.Loaded loaded = ImageFolder.load(root, input);
    return new DataSource(root.toString(), loaded.dataset(), null, loaded.warnings());
  }
}

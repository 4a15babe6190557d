package io.mcdrop.trainer.data;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.trainer.tensor.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Fashion-MNIST from the IDX files Debian's {@code dataset-fashion-mnist} package installs. */
public final class FashionMnist {
  /** Where {@code apt-get install dataset-fashion-mnist} puts the files. */
  public static final Path DEFAULT_DIR = Path.of("/usr/share/datasets/fashion-mnist");

  public static final List<String> CLASSES =
      List.of(
          "T-shirt/top",
          "Trouser",
          "Pullover",
          "Dress",
          "Coat",
          "Sandal",
          "Shirt",
          "Sneaker",
          "Bag",
          "Ankle boot");

  private FashionMnist() {}

  /** The 60,000 training images. */
  public static Dataset train(Path dir) {
    return load(dir, "train");
  }

  /** The 10,000 test images. */
  public static Dataset test(Path dir) {
    return load(dir, "t10k");
  }

  private static Dataset load(Path dir, String prefix) {
    Path images = find(dir, prefix + "-images-idx3-ubyte");
    Path labels = find(dir, prefix + "-labels-idx1-ubyte");
    int[] dims = new int[3];
    float[] pixels = IdxReader.readImages(images, dims);
    int[] y = IdxReader.readLabels(labels);
    if (y.length != dims[0]) {
      throw new McdropException(
          ErrorCode.BAD_INPUT,
          images + " has " + dims[0] + " images but " + labels + " has " + y.length + " labels");
    }
    if (dims[0] == 0) {
      throw new McdropException(ErrorCode.BAD_INPUT, images + " contains no images");
    }
    for (int i = 0; i < y.length; i++) {
      if (y[i] >= CLASSES.size()) {
        throw new McdropException(
            ErrorCode.BAD_INPUT,
            labels
                + ": label "
                + y[i]
                + " of image "
                + i
                + " is not one of the "
                + CLASSES.size()
                + " Fashion-MNIST classes (0 to "
                + (CLASSES.size() - 1)
                + ")");
      }
    }
    return new Dataset(pixels, y, new Shape(1, dims[1], dims[2]), CLASSES);
  }

  private static Path find(Path dir, String base) {
    for (String name : List.of(base + ".gz", base)) {
      Path p = dir.resolve(name);
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    throw new McdropException(
        ErrorCode.NOT_FOUND,
        "Fashion-MNIST not found: looked for "
            + dir.resolve(base + ".gz")
            + " (or without .gz). Install it with `sudo apt-get install dataset-fashion-mnist`"
            + " or run scripts/setup-system.sh.");
  }
}

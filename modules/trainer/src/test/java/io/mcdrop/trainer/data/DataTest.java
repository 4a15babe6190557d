package io.mcdrop.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.trainer.tensor.Rng;
import io.mcdrop.trainer.tensor.Shape;
import io.mcdrop.trainer.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataTest {
  @TempDir Path tmp;

  @Test
  void idxImagesAndLabelsRoundTripThroughGzip() throws IOException {
    Path img = tmp.resolve("train-images-idx3-ubyte.gz");
    Path lab = tmp.resolve("train-labels-idx1-ubyte.gz");
    try (DataOutputStream out =
        new DataOutputStream(new GZIPOutputStream(Files.newOutputStream(img)))) {
      out.writeInt(0x803);
      out.writeInt(2);
      out.writeInt(2);
      out.writeInt(3);
      out.write(new byte[] {0, (byte) 255, 51, 0, 0, 0, 1, 2, 3, 4, 5, 6});
    }
    try (DataOutputStream out =
        new DataOutputStream(new GZIPOutputStream(Files.newOutputStream(lab)))) {
      out.writeInt(0x801);
      out.writeInt(2);
      out.write(new byte[] {7, 3});
    }
    int[] dims = new int[3];
    float[] px = IdxReader.readImages(img, dims);
    assertArrayEquals(new int[] {2, 2, 3}, dims);
    assertEquals(1f, px[1]);
    assertEquals(0.2f, px[2], 1e-6);
    assertArrayEquals(new int[] {7, 3}, IdxReader.readLabels(lab));
    McdropException e = assertThrows(McdropException.class, () -> IdxReader.readLabels(img));
    assertTrue(e.getMessage().contains("not an IDX file"), e.getMessage());
  }

  @Test
  void missingFashionMnistSaysHowToInstallIt() {
    McdropException e =
        assertThrows(McdropException.class, () -> FashionMnist.train(tmp.resolve("nowhere")));
    assertEquals(ErrorCode.NOT_FOUND, e.code());
    assertTrue(e.getMessage().contains("sudo apt-get install dataset-fashion-mnist"));
    assertTrue(e.getMessage().contains("scripts/setup-system.sh"));
    assertTrue(e.getMessage().contains("nowhere/train-images-idx3-ubyte.gz"), e.getMessage());
  }

  @Test
  void aWrongDataPathSaysWhatWasLookedFor() {
    McdropException e =
        assertThrows(
            McdropException.class,
            () -> DataSource.load(tmp.resolve("typo").toString(), new Shape(1, 8, 8), 1));
    assertTrue(e.getMessage().contains("typo") && e.getMessage().contains("ImageFolder"));
  }

  @Test
  void imageFolderResizesMixedSizesSkipsBrokenFilesAndWarns() throws IOException {
    writePng(tmp.resolve("cats/a.png"), 10, 12, 0xffffff);
    writePng(tmp.resolve("cats/b.png"), 30, 20, 0x000000);
    writePng(tmp.resolve("dogs/c.png"), 8, 8, 0x808080);
    Files.writeString(tmp.resolve("dogs/broken.png"), "not a png");
    Files.writeString(tmp.resolve("dogs/notes.txt"), "ignored");
    ImageFolder.Loaded loaded = ImageFolder.load(tmp, new Shape(3, 6, 6));
    Dataset d = loaded.dataset();
    assertEquals(java.util.List.of("cats", "dogs"), d.classes());
    assertEquals(3, d.size());
    assertArrayEquals(new int[] {0, 0, 1}, d.labels());
    assertEquals(1f, d.images()[0], 1e-6);
    assertEquals(0.502f, d.images()[2 * 108], 1e-3);
    assertTrue(
        loaded.warnings().get(0).contains("skipped 1 unreadable"), loaded.warnings().toString());
  }

  @Test
  void emptyAndSingleClassFoldersAreClearErrors() throws IOException {
    Files.createDirectories(tmp.resolve("a"));
    assertTrue(
        assertThrows(McdropException.class, () -> ImageFolder.load(tmp, new Shape(1, 4, 4)))
            .getMessage()
            .contains("at least 2"));
    Files.createDirectories(tmp.resolve("b"));
    writePng(tmp.resolve("a/x.png"), 4, 4, 0);
    McdropException e =
        assertThrows(McdropException.class, () -> ImageFolder.load(tmp, new Shape(1, 4, 4)));
    assertTrue(e.getMessage().contains("class 'b'"), e.getMessage());
  }

  @Test
  void splitIsSeededDisjointAndComplete() {
    Dataset all = Synthetic.generate(100, 4, new Shape(1, 6, 6), 1);
    Split a = Split.of(all, 0.2, 5);
    Split b = Split.of(all, 0.2, 5);
    Split c = Split.of(all, 0.2, 6);
    assertEquals(80, a.train().size());
    assertEquals(20, a.validation().size());
    assertArrayEquals(a.validation().images(), b.validation().images());
    assertNotEquals(
        java.util.Arrays.hashCode(a.validation().images()),
        java.util.Arrays.hashCode(c.validation().images()));
  }

  @Test
  void augmentationShiftsAndFlipsButKeepsShapeAndNormalises() {
    Shape s = new Shape(1, 4, 4);
    float[] px = new float[16];
    px[0] = 1f; // top-left pixel
    Dataset d = new Dataset(px, new int[] {0}, s, java.util.List.of("a", "b"));
    Preprocess identity =
        new Preprocess(1, 4, 4, "bilinear", 1 / 255.0, new double[] {0}, new double[] {1}, false);
    BatchLoader loader = new BatchLoader(d, identity);
    Tensor flipped = loader.batch(new int[] {0}, 0, 1, new Augment(0, true), new Rng(3));
    // A second loader: a loader reuses its batch array, so comparing two batches of one loader
    // would compare an array with itself.
    Tensor again =
        new BatchLoader(d, identity).batch(new int[] {0}, 0, 1, new Augment(0, true), new Rng(3));
    assertArrayEquals(flipped.data(), again.data(), "same seed, same augmentation");
    float sum = 0;
    for (float v : flipped.data()) {
      sum += v;
    }
    assertEquals(1f, sum);
    assertTrue(flipped.data()[0] == 1f || flipped.data()[3] == 1f);
    Preprocess norm =
        new Preprocess(
            1, 4, 4, "bilinear", 1 / 255.0, new double[] {0.5}, new double[] {0.25}, false);
    Tensor n = new BatchLoader(d, norm).batch(new int[] {0}, 0, 1, Augment.NONE, null);
    assertEquals(2f, n.data()[0]);
    assertEquals(-2f, n.data()[1]);
  }

  @Test
  void preprocessFitsMeanAndStdAndRoundTripsThroughItsMap() {
    Dataset d = Synthetic.generate(50, 3, new Shape(3, 6, 6), 2);
    Preprocess p = Preprocess.fit(d);
    assertEquals(3, p.mean().length);
    Preprocess back = Preprocess.fromMap(p.toMap());
    assertArrayEquals(p.std(), back.std());
    assertEquals(p.channels(), back.channels());
  }

  private static void writePng(Path file, int w, int h, int rgb) throws IOException {
    Files.createDirectories(file.getParent());
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, rgb);
      }
    }
    ImageIO.write(img, "png", file.toFile());
  }
}

package io.mcdrop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mcdrop train} and {@code mcdrop export} on bad options, bad data and bad checkpoints: one
 * clear line and exit 2 (usage) or 3 (data or checkpoint), never an internal error.
 */
class TrainCommandErrorsTest {
  private static final String ARCH = "conv4-bn-relu-pool, fc8-relu-drop0.3, fc10";

  @TempDir Path dir;

  private static List<String> tiny(String... extra) {
    List<String> a =
        new ArrayList<>(
            List.of(
                "train",
                "--arch",
                ARCH,
                "--input",
                "1x12x12",
                "--epochs",
                "1",
                "--batch",
                "16",
                "--threads",
                "1",
                "--quiet"));
    a.addAll(List.of(extra));
    return a;
  }

  private static CliHarness.Run train(String... extra) {
    return CliHarness.run(tiny(extra).toArray(String[]::new));
  }

  /** train on synthetic data with only the given options besides the data. */
  private static CliHarness.Run bare(String option, String value) {
    return CliHarness.run("train", "--data", "synthetic:64", "--quiet", option, value);
  }

  private static void assertCleanError(CliHarness.Run r, int exit, String needle) {
    assertEquals(exit, r.exit(), r.err());
    assertTrue(r.err().contains(needle), r.err());
    assertFalse(r.err().contains("internal error"), r.err());
    assertFalse(r.err().contains("java.lang"), r.err());
    assertFalse(r.err().contains("\tat "), r.err());
    assertTrue(r.err().startsWith("error: "), r.err());
    assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
  }

  @Test
  void optionsOutOfRangeAreUsageErrors() {
    assertCleanError(bare("--epochs", "0"), 2, "epochs must be");
    assertCleanError(bare("--epochs", "-1"), 2, "epochs must be");
    assertCleanError(bare("--batch", "0"), 2, "batch size must be");
    assertCleanError(bare("--lr", "NaN"), 2, "learning rate");
    assertCleanError(bare("--val-split", "1.5"), 2, "validation split");
    assertCleanError(train("--data", "synthetic:-5"), 2, "at least 1, got -5");
  }

  @Test
  void aMistypedDataSourceSuggestsTheRightOne() {
    CliHarness.Run r = train("--data", "fashion-mnst");
    assertCleanError(r, 2, "did you mean fashion-mnist?");
  }

  /** An IDX pair under {@code dir} with the given header values and labels. */
  private static Path idx(Path dir, int count, int rows, int cols, byte[] pixels, byte[] labels)
      throws IOException {
    Files.createDirectories(dir);
    try (DataOutputStream o =
        new DataOutputStream(Files.newOutputStream(dir.resolve("train-images-idx3-ubyte")))) {
      o.writeInt(0x803);
      o.writeInt(count);
      o.writeInt(rows);
      o.writeInt(cols);
      o.write(pixels);
    }
    try (DataOutputStream o =
        new DataOutputStream(Files.newOutputStream(dir.resolve("train-labels-idx1-ubyte")))) {
      o.writeInt(0x801);
      o.writeInt(labels.length);
      o.write(labels);
    }
    Files.copy(dir.resolve("train-images-idx3-ubyte"), dir.resolve("t10k-images-idx3-ubyte"));
    Files.copy(dir.resolve("train-labels-idx1-ubyte"), dir.resolve("t10k-labels-idx1-ubyte"));
    return dir;
  }

  private CliHarness.Run trainIdx(Path d) {
    return train("--data", "fashion-mnist:" + d, "--out", dir.resolve("m.onnx").toString());
  }

  @Test
  void badIdxFilesAreDataErrors() throws IOException {
    assertCleanError(
        trainIdx(idx(dir.resolve("neg"), -3, 12, 12, new byte[0], new byte[0])),
        3,
        "header says -3 images");
    assertCleanError(
        trainIdx(idx(dir.resolve("rows"), 2, 0, 12, new byte[0], new byte[2])),
        3,
        "2 images of 0x12");
    byte[] labels = new byte[40];
    labels[7] = 10;
    assertCleanError(
        trainIdx(idx(dir.resolve("labels"), 40, 12, 12, new byte[40 * 144], labels)),
        3,
        "label 10 of image 7");
    Path empty = idx(dir.resolve("empty"), 1, 12, 12, new byte[144], new byte[1]);
    Files.write(empty.resolve("train-images-idx3-ubyte"), new byte[0]);
    CliHarness.Run r = trainIdx(empty);
    assertCleanError(r, 3, "is empty or cut short");
    assertFalse(r.err().contains("null"), r.err());
  }

  @Test
  void zeroImagesIsAnErrorAndExportsNothing() throws IOException {
    assertCleanError(
        trainIdx(idx(dir.resolve("none"), 0, 12, 12, new byte[0], new byte[0])),
        3,
        "contains no images");
    assertCleanError(
        train("--data", "synthetic:1", "--out", dir.resolve("m.onnx").toString()),
        3,
        "training needs at least 2");
    assertFalse(Files.exists(dir.resolve("m.onnx")), "no model may be exported");
  }

  private Path trainedCheckpoint() {
    Path model = dir.resolve("run.onnx");
    CliHarness.Run r = train("--data", "synthetic:64", "--out", model.toString());
    assertEquals(0, r.exit(), r.err());
    return dir.resolve("run.ckpt");
  }

  @Test
  void resumingWithAnotherArchitectureOrClassCountIsRefused() throws IOException {
    Path ckpt = trainedCheckpoint();
    CliHarness.Run other =
        CliHarness.run(
            "train",
            "--data",
            "synthetic:64",
            "--resume",
            ckpt.toString(),
            "--arch",
            "conv8-bn-relu-pool, fc10",
            "--input",
            "1x12x12",
            "--epochs",
            "2",
            "--quiet");
    assertCleanError(other, 2, "was trained as [");
    Path folder = dir.resolve("two-classes");
    for (String c : List.of("a", "b")) {
      Files.createDirectories(folder.resolve(c));
      for (int i = 0; i < 4; i++) {
        BufferedImage img = new BufferedImage(12, 12, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setSample(i, c.equals("a") ? 1 : 9, 0, 200);
        ImageIO.write(img, "png", folder.resolve(c).resolve(i + ".png").toFile());
      }
    }
    CliHarness.Run classes =
        CliHarness.run(
            "train",
            "--data",
            folder.toString(),
            "--resume",
            ckpt.toString(),
            "--epochs",
            "2",
            "--quiet");
    assertCleanError(classes, 2, "was trained on 10 classes");
  }

  @Test
  void aBitFlippedCheckpointIsRejected() throws IOException {
    Path ckpt = trainedCheckpoint();
    byte[] b = Files.readAllBytes(ckpt);
    b[b.length - 100] ^= 0x10; // inside the last weight array
    Files.write(ckpt, b);
    assertCleanError(
        CliHarness.run(
            "train",
            "--data",
            "synthetic:64",
            "--resume",
            ckpt.toString(),
            "--epochs",
            "2",
            "--quiet"),
        3,
        "checksum does not match");
    assertCleanError(
        CliHarness.run("export", ckpt.toString(), "--out", dir.resolve("x.onnx").toString()),
        3,
        "checksum does not match");
  }

  /** The real launcher path: a fresh JVM, so BLAS is loaded for the first time by train. */
  @Test
  void trainSaysOnceWhichBlasItUsesAndPrintsNoBlasWarnings() throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xss16m");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("io.mcdrop.cli.Main");
    cmd.addAll(tiny("--data", "synthetic:32"));
    cmd.remove("--quiet");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(5, TimeUnit.MINUTES));
    assertEquals(0, p.exitValue(), out);
    assertFalse(out.contains("WARNING"), out);
    assertFalse(out.contains("VectorBLAS"), out);
    assertEquals(1, out.lines().filter(l -> l.startsWith("BLAS: ")).count(), out);
  }
}

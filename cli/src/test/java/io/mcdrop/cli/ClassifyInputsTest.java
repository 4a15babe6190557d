package io.mcdrop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcdrop.onnx.OnnxModels;
import io.mcdrop.onnx.fixtures.FixtureModels;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code classify} does with inputs that are not plain images: standard input, FIFOs, broken
 * links, image-size bombs, failures in the JSON array.
 */
class ClassifyInputsTest {
  @TempDir static Path dir;
  static Path model;
  static Path good;

  @BeforeAll
  static void fixtures() throws Exception {
    model = dir.resolve("small.onnx");
    OnnxModels.write(FixtureModels.smallCnn(21, 0.5f, 0.2f), model);
    good = dir.resolve("good.png");
    BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
    Random r = new Random(5);
    for (int p = 0; p < 64; p++) {
      img.getRaster().setSample(p % 8, p / 8, 0, r.nextInt(256));
    }
    ImageIO.write(img, "png", good.toFile());
  }

  private static Path folderWithGoodImage(String name) throws Exception {
    Path d = Files.createDirectories(dir.resolve(name));
    Files.copy(good, d.resolve("a.png"));
    return d;
  }

  @Test
  void failedInputsAppearInTheJsonArrayWithAnErrorField() throws Exception {
    Path d = folderWithGoodImage("json-failures");
    Files.writeString(d.resolve("b.png"), "not a png");
    Path missing = dir.resolve("missing.png");
    CliHarness.Run r =
        CliHarness.run(
            "classify", d.toString(), missing.toString(), "-m", model.toString(), "--json");
    assertEquals(ExitCodes.PARTIAL, r.exit(), r.err());
    JsonNode arr = new ObjectMapper().readTree(r.out());
    assertEquals(3, arr.size(), r.out());
    Map<String, JsonNode> byFile = new HashMap<>();
    arr.forEach(n -> byFile.put(n.get("file").asText(), n));
    assertTrue(byFile.get(d.resolve("a.png").toString()).has("label"), r.out());
    assertFalse(byFile.get(d.resolve("a.png").toString()).has("error"), r.out());
    JsonNode corrupt = byFile.get(d.resolve("b.png").toString());
    assertTrue(corrupt.get("error").asText().contains("not an image"), r.out());
    assertFalse(corrupt.has("label"));
    assertTrue(byFile.get(missing.toString()).get("error").asText().contains("no such file"));
  }

  @Test
  void aDashReadsOneImageFromStandardInput() throws Exception {
    CliHarness.Run r =
        withStdin(Files.readAllBytes(good), "classify", "-", "-m", model.toString(), "--json");
    assertEquals(0, r.exit(), r.err());
    JsonNode arr = new ObjectMapper().readTree(r.out());
    assertEquals(1, arr.size());
    assertEquals("-", arr.get(0).get("file").asText());
    assertTrue(arr.get(0).has("label"));

    CliHarness.Run junk = withStdin("hello".getBytes(), "classify", "-", "-m", model.toString());
    assertEquals(ExitCodes.PARTIAL, junk.exit());
    assertTrue(junk.err().contains("standard input"), junk.err());

    CliHarness.Run twice =
        withStdin(Files.readAllBytes(good), "classify", "-", "-", "-m", model.toString());
    assertEquals(ExitCodes.USAGE, twice.exit());
  }

  private static CliHarness.Run withStdin(byte[] bytes, String... args) {
    InputStream saved = System.in;
    System.setIn(new ByteArrayInputStream(bytes));
    try {
      return CliHarness.run(args);
    } finally {
      System.setIn(saved);
    }
  }

  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // before the fix: a hang
  void aFifoAmongTheInputsIsSkippedWithAMessageNotAHang() throws Exception {
    Path d = folderWithGoodImage("fifo");
    Path fifo = d.resolve("pipe.png");
    Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assertTrue(mk.waitFor(30, TimeUnit.SECONDS) && mk.exitValue() == 0, "mkfifo");
    CliHarness.Run r =
        CliHarness.run("classify", d.toString(), fifo.toString(), "-m", model.toString());
    assertEquals(ExitCodes.PARTIAL, r.exit(), r.err());
    assertTrue(r.err().contains("pipe.png: not a regular file"), r.err());
    assertTrue(r.out().contains("a.png"), r.out());
    CliHarness.Run dev = CliHarness.run("classify", "/dev/zero", "-m", model.toString());
    assertEquals(ExitCodes.PARTIAL, dev.exit(), dev.err());
    assertTrue(dev.err().contains("/dev/zero: not a regular file"), dev.err());
  }

  @Test
  void aDanglingSymlinkInADirectoryIsReported() throws Exception {
    Path d = folderWithGoodImage("links");
    Files.createSymbolicLink(d.resolve("gone.png"), dir.resolve("does-not-exist.png"));
    Files.createSymbolicLink(d.resolve("ok.png"), good);
    CliHarness.Run r = CliHarness.run("classify", d.toString(), "-m", model.toString());
    assertEquals(ExitCodes.PARTIAL, r.exit(), r.err());
    assertTrue(r.err().contains("gone.png: broken symbolic link"), r.err());
    assertTrue(r.out().contains("ok.png") && r.out().contains("a.png"), r.out());
  }

  /**
   * A 35-byte GIF whose header claims 40000x40000 pixels. In a small heap its decoding runs out of
   * memory (or, with the runtime's header check, is refused up front): either way one line for that
   * file, the other image classified, exit 1, no stack trace. It runs in a child JVM with a small
   * heap so the outcome does not depend on this machine's memory.
   */
  @Test
  void anImageSizeBombInADirectoryIsOneErrorLineAndTheOthersAreClassified() throws Exception {
    Path d = folderWithGoodImage("bomb");
    Files.write(d.resolve("bomb.gif"), gifClaiming(40000, 40000));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
            java,
            "-Xmx256m",
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName(),
            "classify",
            d.toString(),
            "-m",
            model.toString());
    File out = dir.resolve("bomb.out").toFile();
    File err = dir.resolve("bomb.err").toFile();
    pb.redirectOutput(out).redirectError(err);
    Process p = pb.start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    String stderr = Files.readString(err.toPath());
    assertEquals(ExitCodes.PARTIAL, p.exitValue(), stderr);
    List<String> lines = stderr.strip().lines().toList();
    assertEquals(2, lines.size(), stderr); // the file's error, then the summary
    assertTrue(lines.get(0).startsWith("error: ") && lines.get(0).contains("bomb.gif"), stderr);
    assertFalse(stderr.contains("\tat "), stderr);
    assertTrue(Files.readString(out.toPath()).contains("a.png"));
  }

  static byte[] gifClaiming(int width, int height) {
    ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
    b.put("GIF89a".getBytes()).putShort((short) width).putShort((short) height);
    b.put((byte) 0x80).put((byte) 0).put((byte) 0); // global colour table of 2 entries
    b.put(new byte[6]); // the two colours
    b.put((byte) ',').putShort((short) 0).putShort((short) 0);
    b.putShort((short) width).putShort((short) height).put((byte) 0);
    b.put(new byte[] {2, 2, 0x44, 1, 0, ';'}); // LZW minimum code size, one data block, trailer
    byte[] out = new byte[b.position()];
    b.flip().get(out);
    return out;
  }
}

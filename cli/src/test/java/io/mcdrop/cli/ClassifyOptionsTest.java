package io.mcdrop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcdrop.onnx.OnnxModels;
import io.mcdrop.onnx.fixtures.FixtureModels;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code classify}'s options: each one changes the output or is refused with a clear message. */
class ClassifyOptionsTest {
  @TempDir static Path dir;
  static Path model;
  static Path bare;
  static Path images;

  @BeforeAll
  static void fixtures() throws Exception {
    model = dir.resolve("small.onnx");
    OnnxModels.write(FixtureModels.smallCnn(21, 0.5f, 0.2f), model);
    bare = dir.resolve("bare.onnx");
    OnnxModels.write(
        FixtureModels.smallCnn(21, 0.5f, 0f).toBuilder().clearMetadataProps().build(), bare);
    images = Files.createDirectories(dir.resolve("images"));
    Random r = new Random(3);
    for (int i = 0; i < 3; i++) {
      BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
      for (int p = 0; p < 64; p++) {
        img.getRaster().setSample(p % 8, p / 8, 0, r.nextInt(256));
      }
      ImageIO.write(img, "png", images.resolve("img" + i + ".png").toFile());
    }
  }

  private static CliHarness.Run classify(String... extra) {
    List<String> args =
        new java.util.ArrayList<>(List.of("classify", images.toString(), "-m", model.toString()));
    args.addAll(Arrays.asList(extra));
    return CliHarness.run(args.toArray(String[]::new));
  }

  /** The runners-up cell of every image row. */
  private static List<String> runnersUp(CliHarness.Run r) {
    String[] lines = ClassifyCommandTest.table(r.out());
    int col = lines[0].indexOf("RUNNERS-UP");
    int end = lines[0].indexOf(" T ", col);
    assertTrue(col > 0 && end > col, r.out());
    return Arrays.stream(lines).skip(1).map(l -> l.substring(col, end).strip()).toList();
  }

  @Test
  void topKChangesTheTableAndMoreThanTheClassCountIsAUsageError() {
    CliHarness.Run two = classify("-k", "2", "--seed", "1");
    CliHarness.Run three = classify("-k", "3", "--seed", "1");
    assertEquals(0, two.exit(), two.err());
    assertEquals(0, three.exit(), three.err());
    for (String cell : runnersUp(two)) {
      assertEquals(1, cell.split(", ").length, two.out());
    }
    for (String cell : runnersUp(three)) {
      assertEquals(2, cell.split(", ").length, three.out());
    }
    CliHarness.Run one = classify("-k", "1");
    assertEquals(0, one.exit(), one.err());
    assertFalse(one.out().contains("RUNNERS-UP"), one.out());
    CliHarness.Run four = classify("-k", "4");
    assertEquals(ExitCodes.USAGE, four.exit(), four.err());
    assertTrue(four.err().contains("--top-k 4 is more than the 3 classes"), four.err());
    assertEquals(ExitCodes.USAGE, classify("-k", "0").exit());
  }

  @Test
  void rawWithoutJsonIsAUsageError() {
    CliHarness.Run r = classify("--raw");
    assertEquals(ExitCodes.USAGE, r.exit(), r.err());
    assertTrue(r.err().contains("--raw needs --json"), r.err());
    assertEquals("", r.out());
  }

  @Test
  void absurdThreadCountsAreRefusedBeforeAnyWork() {
    CliHarness.Run r = classify("--threads", "100000");
    assertEquals(ExitCodes.USAGE, r.exit(), r.err());
    assertTrue(r.err().contains("--threads must be between 0"), r.err());
    assertEquals(ExitCodes.USAGE, classify("--threads", "-1").exit());
    assertEquals(0, classify("--threads", "1", "-T", "2").exit());
  }

  @Test
  void nonFiniteMeanOrNonPositiveStdIsRefusedNamingTheOption() {
    for (String[] bad :
        List.of(
            new String[] {"--mean", "NaN"},
            new String[] {"--mean", "Infinity"},
            new String[] {"--std", "0"},
            new String[] {"--std", "NaN"},
            new String[] {"--std", "-1"})) {
      CliHarness.Run r =
          CliHarness.run(
              "classify",
              images.toString(),
              "-m",
              bare.toString(),
              "--size",
              "8x8",
              "--channels",
              "1",
              bad[0],
              bad[1]);
      assertEquals(ExitCodes.USAGE, r.exit(), String.join(" ", bad) + ": " + r.err());
      assertTrue(r.err().startsWith("error: " + bad[0] + " values must be"), r.err());
      assertEquals(1, r.err().strip().lines().count(), "one line, not one per image: " + r.err());
    }
  }

  @Test
  void badSizeOrChannelsNameTheFlags() {
    for (String[] bad : List.of(new String[] {"8x8", "2"}, new String[] {"0x8", "1"})) {
      CliHarness.Run r =
          CliHarness.run(
              "classify",
              images.toString(),
              "-m",
              bare.toString(),
              "--size",
              bad[0],
              "--channels",
              bad[1]);
      assertEquals(ExitCodes.USAGE, r.exit(), r.err());
      assertTrue(r.err().startsWith("error: --"), r.err());
    }
  }

  @Test
  void oneDeterministicPassShowsNoSpreadInTheTableAndNullsInJson() throws Exception {
    CliHarness.Run r = classify("-T", "1");
    assertEquals(0, r.exit(), r.err());
    String[] lines = ClassifyCommandTest.table(r.out());
    for (int i = 1; i < lines.length; i++) {
      assertTrue(lines[i].contains("± n/a"), r.out());
      assertFalse(lines[i].contains("0.000 ±") || lines[i].contains("± 0.000"), r.out());
    }
    assertTrue(r.out().contains("n/a "), "legend explains n/a: " + r.out());
    CliHarness.Run j = classify("-T", "1", "--json");
    assertEquals(0, j.exit(), j.err());
    for (JsonNode n : new ObjectMapper().readTree(j.out())) {
      for (String f : List.of("std", "lower", "upper", "mutualInformation", "variationRatio")) {
        assertTrue(n.get(f).isNull(), f + " should be null: " + n);
      }
      assertTrue(n.get("probabilities").isArray());
      assertEquals(1, n.get("samples").asInt());
    }
  }

  @Test
  void everyImageGetsAVerdictWordAndTheLegendExplainsThem() {
    CliHarness.Run r = classify("-T", "10", "--seed", "3");
    assertEquals(0, r.exit(), r.err());
    String[] lines = ClassifyCommandTest.table(r.out());
    for (int i = 1; i < lines.length; i++) {
      String verdict = lines[i].substring(lines[i].lastIndexOf(' ') + 1);
      assertTrue(List.of("confident", "ambiguous", "uncertain").contains(verdict), lines[i]);
    }
    for (String w : List.of("confident", "ambiguous", "uncertain")) {
      assertTrue(r.out().contains(w + ":"), "legend explains " + w + ": " + r.out());
    }
  }

  @Test
  void verdictThresholdsGivenHereOverrideTheEnginesAndAreChecked() {
    CliHarness.Run r = classify("-T", "10", "--epistemic-threshold", "0");
    assertEquals(0, r.exit(), r.err());
    String[] lines = ClassifyCommandTest.table(r.out());
    for (int i = 1; i < lines.length; i++) {
      assertTrue(lines[i].endsWith("uncertain"), "MI >= 0 always: " + r.out());
    }
    assertTrue(r.out().contains("epistemic >= 0 nats"), "the legend shows it: " + r.out());
    CliHarness.Run bad = classify("--aleatoric-threshold", "NaN");
    assertEquals(ExitCodes.USAGE, bad.exit());
    assertTrue(bad.err().contains("--aleatoric-threshold must be"), bad.err());
  }

  @Test
  void aMistypedStrategyOrProviderSuggestsTheRightWord() {
    CliHarness.Run r = classify("--strategy", "lop");
    assertEquals(ExitCodes.USAGE, r.exit());
    assertTrue(r.err().contains("did you mean loop?"), r.err());
    CliHarness.Run p = classify("--provider", "cdua");
    assertEquals(ExitCodes.USAGE, p.exit());
    assertTrue(p.err().contains("did you mean cuda?"), p.err());
  }

  @Test
  void cudaOnTheCpuBuildSuggestsTheReadmesBuildCommand() throws Exception {
    CliHarness.Run r = classify("--provider", "cuda");
    assertEquals(ExitCodes.PROVIDER, r.exit(), r.err());
    assertTrue(r.err().contains(ErrorTranslator.GPU_BUILD), r.err());
    assertFalse(r.err().contains("\tat "));
    String readme = Files.readString(Path.of("..", "README.md"));
    assertTrue(readme.contains("`" + ErrorTranslator.GPU_BUILD + "`"), "README gives the same");
  }
}

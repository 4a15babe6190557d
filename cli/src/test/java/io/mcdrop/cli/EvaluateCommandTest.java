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
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluateCommandTest {
  @TempDir static Path dir;
  static Path model;
  static Path data;

  /** An ImageFolder of random 8x8 images whose classes are the fixture model's labels. */
  static Path folder(Path root, List<String> classes, int perClass) throws Exception {
    Random r = new Random(9);
    for (String c : classes) {
      Path d = Files.createDirectories(root.resolve(c));
      for (int i = 0; i < perClass; i++) {
        BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
        for (int p = 0; p < 64; p++) {
          img.getRaster().setSample(p % 8, p / 8, 0, r.nextInt(256));
        }
        ImageIO.write(img, "png", d.resolve("img" + i + ".png").toFile());
      }
    }
    return root;
  }

  @BeforeAll
  static void fixtures() throws Exception {
    model = dir.resolve("small.onnx");
    OnnxModels.write(FixtureModels.smallCnn(21, 0.5f, 0.2f), model);
    data = folder(dir.resolve("data"), List.of("alpha", "beta", "gamma"), 12);
  }

  @Test
  void printsDeterministicAndMcSideBySideAndWritesAReportFolder() throws Exception {
    Path out = dir.resolve("report");
    CliHarness.Run r =
        CliHarness.run(
            "evaluate",
            "--model",
            model.toString(),
            "--data",
            data.toString(),
            "--samples",
            "10",
            "--ood",
            "noise:20",
            "--ood",
            "inverted",
            "--shift",
            "rotate:0:90:45",
            "--out",
            out.toString());
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("36 images, 3 classes, MC dropout with 10 samples"), r.out());
    assertTrue(r.out().contains("ECE (15 bins)") && r.out().contains("MC (T=10)"), r.out());
    assertTrue(r.out().contains("OOD noise") && r.out().contains("Rotation shift"), r.out());
    for (String f :
        List.of(
            "metrics.json",
            "README.md",
            "reliability-mc.png",
            "shift-nll.png",
            "ood-inverted-entropy.png")) {
      assertTrue(Files.exists(out.resolve(f)), f);
    }
    // every report file is an ordinary file anyone may read, the page and the plots alike
    try (var files = Files.list(out)) {
      for (Path f : files.toList()) {
        assertEquals(
            "rw-r--r--",
            PosixFilePermissions.toString(Files.getPosixFilePermissions(f)),
            f.getFileName().toString());
      }
    }
  }

  @Test
  void aMistypedDataSourceIsAUsageErrorWithASuggestion() {
    CliHarness.Run r = CliHarness.run("evaluate", "-m", model.toString(), "--data", "fashion-mnst");
    assertEquals(ExitCodes.USAGE, r.exit(), r.err());
    assertTrue(r.err().contains("did you mean fashion-mnist?"), r.err());
    CliHarness.Run missing =
        CliHarness.run(
            "evaluate", "-m", model.toString(), "--data", dir.resolve("nothing-here").toString());
    assertEquals(ExitCodes.USAGE, missing.exit(), missing.err());
    assertTrue(missing.err().contains("nothing-here"), missing.err());
  }

  @Test
  void aMistypedOodKeywordIsAUsageErrorWithASuggestion() {
    CliHarness.Run r =
        CliHarness.run(
            "evaluate", "-m", model.toString(), "--data", data.toString(), "--ood", "nois");
    assertEquals(ExitCodes.USAGE, r.exit(), r.err());
    assertTrue(r.err().contains("did you mean noise?"), r.err());
    CliHarness.Run missing =
        CliHarness.run(
            "evaluate",
            "-m",
            model.toString(),
            "--data",
            data.toString(),
            "--ood",
            dir.resolve("no-such-folder").toString());
    assertEquals(ExitCodes.USAGE, missing.exit(), missing.err());
    assertTrue(missing.err().contains("no-such-folder"), missing.err());
    assertFalse(missing.err().contains("did you mean"), missing.err());
  }

  @Test
  void jsonHasBothPassesWithNullWhereAScoreDoesNotApply() throws Exception {
    CliHarness.Run r =
        CliHarness.run(
            "evaluate",
            "-m",
            model.toString(),
            "--data",
            data.toString(),
            "-T",
            "5",
            "--limit",
            "20",
            "--json");
    assertEquals(0, r.exit(), r.err());
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertEquals(20, j.get("images").asInt());
    assertTrue(j.get("deterministic").get("misclassificationAuroc").get("mutual-info").isNull());
    assertTrue(j.get("mc").get("misclassificationAuroc").get("mutual-info").isNumber());
    assertEquals(15, j.get("mc").get("reliability").size());
  }

  @Test
  void labelsThatDoNotMatchTheDataAreAUsageErrorNamingBoth() throws Exception {
    Path other = folder(dir.resolve("other"), List.of("cat", "dog", "fish"), 2);
    CliHarness.Run r =
        CliHarness.run("evaluate", "-m", model.toString(), "--data", other.toString());
    assertEquals(ExitCodes.USAGE, r.exit());
    assertTrue(
        r.err().contains("[alpha, beta, gamma]") && r.err().contains("[cat, dog, fish]"), r.err());
  }

  @Test
  void anEmptyOodFolderOrBadShiftSyntaxFailsBeforeAnyWork() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    CliHarness.Run r =
        CliHarness.run(
            "evaluate",
            "-m",
            model.toString(),
            "--data",
            data.toString(),
            "--ood",
            empty.toString());
    assertEquals(ExitCodes.USAGE, r.exit());
    assertTrue(r.err().contains("holds no images"), r.err());
    CliHarness.Run s =
        CliHarness.run(
            "evaluate",
            "-m",
            model.toString(),
            "--data",
            data.toString(),
            "--shift",
            "rotate:0:180");
    assertEquals(ExitCodes.USAGE, s.exit());
    assertTrue(s.err().contains("rotate:FROM:TO:STEP"), s.err());
    assertTrue(s.err().contains("'--shift'"), "names the flag: " + s.err());
  }

  @Test
  void mcEvaluationOfAModelWithoutDropoutNamesTheFlagThatRunsItDeterministically()
      throws Exception {
    Path plain = dir.resolve("plain.onnx");
    OnnxModels.write(FixtureModels.smallCnn(21, 0f, 0f), plain);
    CliHarness.Run r =
        CliHarness.run("evaluate", "-m", plain.toString(), "--data", data.toString(), "-T", "5");
    assertEquals(ExitCodes.MODEL, r.exit(), r.err());
    assertEquals(1, r.err().split("--samples 1", -1).length - 1, "said once: " + r.err());
    CliHarness.Run det =
        CliHarness.run(
            "evaluate", "-m", plain.toString(), "--data", data.toString(), "-T", "1", "--json");
    assertEquals(0, det.exit(), det.err());
  }
}

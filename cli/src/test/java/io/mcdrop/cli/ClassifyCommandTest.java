package io.mcdrop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcdrop.onnx.OnnxModels;
import io.mcdrop.onnx.fixtures.FixtureModels;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassifyCommandTest {
  @TempDir static Path dir;
  static Path model;
  static Path plainModel;
  static Path images;

  @BeforeAll
  static void fixtures() throws Exception {
    model = dir.resolve("small.onnx");
    OnnxModels.write(FixtureModels.smallCnn(21, 0.5f, 0.2f), model);
    plainModel = dir.resolve("plain.onnx");
    OnnxModels.write(FixtureModels.smallCnn(21, 0f, 0f), plainModel);
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

  @Test
  void tableListsEveryImageWithLabelSpreadAndVerdict() {
    CliHarness.Run r =
        CliHarness.run(
            "classify", images.toString(), "--model", model.toString(), "--samples", "20");
    assertEquals(0, r.exit(), r.err());
    String[] lines = table(r.out());
    assertEquals(4, lines.length, r.out());
    assertTrue(
        lines[0].startsWith("FILE")
            && lines[0].contains("EPISTEMIC")
            && lines[0].contains("ALEATORIC"));
    assertTrue(r.out().contains("img0.png") && r.out().contains("±"));
    assertTrue(r.out().matches("(?s).*(alpha|beta|gamma).*"));
  }

  /** The table's lines: header and one per image, without the legend below the blank line. */
  static String[] table(String out) {
    return out.strip().split("\n\n")[0].split("\n");
  }

  @Test
  void jsonHasTheDocumentedFields() throws Exception {
    CliHarness.Run r =
        CliHarness.run(
            "classify", images.toString(), "-m", model.toString(), "-T", "15", "--json", "--raw");
    assertEquals(0, r.exit(), r.err());
    JsonNode arr = new ObjectMapper().readTree(r.out());
    assertEquals(3, arr.size());
    for (JsonNode n : arr) {
      for (String f :
          List.of(
              "file",
              "label",
              "index",
              "probabilities",
              "std",
              "entropy",
              "expectedEntropy",
              "mutualInformation",
              "variationRatio",
              "samples",
              "lower",
              "upper",
              "rawSamples")) {
        assertTrue(n.has(f), "missing " + f);
      }
      assertEquals(15, n.get("samples").asInt());
      assertEquals(3, n.get("probabilities").size());
      assertEquals(15, n.get("rawSamples").size());
      double sum = 0;
      for (JsonNode p : n.get("probabilities")) {
        sum += p.asDouble();
      }
      assertEquals(1.0, sum, 1e-5);
    }
  }

  @Test
  void aCorruptImageIsReportedAndTheOthersAreStillClassified() throws Exception {
    Path mixed = Files.createDirectories(dir.resolve("mixed"));
    Files.copy(images.resolve("img0.png"), mixed.resolve("a.png"));
    Files.write(mixed.resolve("b.png"), "not a png".getBytes());
    Files.copy(images.resolve("img1.png"), mixed.resolve("c.png"));
    CliHarness.Run r =
        CliHarness.run(
            "classify",
            mixed.toString(),
            mixed.resolve("missing.png").toString(),
            "-m",
            model.toString());
    assertEquals(ExitCodes.PARTIAL, r.exit());
    assertTrue(r.err().contains("b.png"), r.err());
    assertTrue(r.err().contains("missing.png"), r.err());
    assertTrue(r.out().contains("a.png") && r.out().contains("c.png"));
    assertFalse(r.err().contains("\tat "), "no stack trace");
  }

  @Test
  void missingOrCorruptModelIsOneClearError() throws Exception {
    CliHarness.Run r =
        CliHarness.run("classify", images.toString(), "-m", dir.resolve("nope.onnx").toString());
    assertEquals(ExitCodes.MODEL, r.exit());
    assertEquals(1, r.err().strip().split("\n").length, r.err());
    assertTrue(r.err().contains("model file not found"));
    Path junk = dir.resolve("junk.onnx");
    Files.write(junk, new byte[] {1, 2, 3, 4});
    CliHarness.Run j = CliHarness.run("classify", images.toString(), "-m", junk.toString());
    assertEquals(ExitCodes.MODEL, j.exit());
    assertTrue(j.err().contains("not a valid ONNX model"), j.err());
  }

  @Test
  void absurdSampleCountsAreUsageErrors() {
    for (String t : List.of("0", "-5", "1000000")) {
      CliHarness.Run r =
          CliHarness.run("classify", images.toString(), "-m", model.toString(), "-T", t);
      assertEquals(ExitCodes.USAGE, r.exit(), t + ": " + r.err());
      assertTrue(r.err().contains("samples must be between 1 and"), r.err());
    }
    CliHarness.Run bad = CliHarness.run("classify", images.toString(), "--samplez", "3");
    assertEquals(ExitCodes.USAGE, bad.exit());
    assertTrue(bad.err().contains("--samples"), "suggests the right option: " + bad.err());
  }

  @Test
  void mcSamplesFromAModelWithoutDropoutExplainHowToExportOne() {
    CliHarness.Run r =
        CliHarness.run("classify", images.toString(), "-m", plainModel.toString(), "-T", "30");
    assertEquals(ExitCodes.MODEL, r.exit());
    assertTrue(r.err().contains("TrainingMode.PRESERVE"), r.err());
    CliHarness.Run det =
        CliHarness.run("classify", images.toString(), "-m", plainModel.toString(), "-T", "1");
    assertEquals(0, det.exit(), det.err());
  }

  @Test
  void thirdPartyModelTakesPreprocessingAndLabelsFromFlags() throws Exception {
    ModelProto m = FixtureModels.smallCnn(21, 0.5f, 0f);
    ModelProto bare = m.toBuilder().clearMetadataProps().build();
    Path p = dir.resolve("bare.onnx");
    OnnxModels.write(bare, p);
    Path labels = dir.resolve("labels.txt");
    Files.writeString(labels, "cat\ndog\nbird\n");
    CliHarness.Run r =
        CliHarness.run(
            "classify",
            images.toString(),
            "-m",
            p.toString(),
            "--size",
            "8x8",
            "--channels",
            "1",
            "--mean",
            "0.5",
            "--std",
            "0.25",
            "--labels",
            labels.toString(),
            "--json");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().matches("(?s).*\"(cat|dog|bird)\".*"), r.out());
    CliHarness.Run wrong =
        CliHarness.run(
            "classify",
            images.toString(),
            "-m",
            p.toString(),
            "--size",
            "28x28",
            "--channels",
            "1");
    assertEquals(ExitCodes.USAGE, wrong.exit());
    assertTrue(wrong.err().contains("[1, 28, 28]"), wrong.err());
  }

  @Test
  void sameSeedGivesIdenticalNumbersInTwoProcesses() throws Exception {
    List<String> outputs = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      ProcessBuilder pb =
          new ProcessBuilder(
              java,
              "-cp",
              System.getProperty("java.class.path"),
              Main.class.getName(),
              "classify",
              images.toString(),
              "-m",
              model.toString(),
              "-T",
              "25",
              "--seed",
              "77",
              "--json");
      pb.redirectError(ProcessBuilder.Redirect.DISCARD);
      File out = dir.resolve("seed" + i + ".json").toFile();
      pb.redirectOutput(out);
      Process proc = pb.start();
      assertTrue(proc.waitFor(120, TimeUnit.SECONDS));
      assertEquals(0, proc.exitValue());
      outputs.add(Files.readString(out.toPath()));
    }
    assertEquals(outputs.get(0), outputs.get(1));
    assertTrue(outputs.get(0).contains("\"samples\" : 25"));
  }
}

package io.mcdrop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcdrop.onnx.OnnxModels;
import io.mcdrop.onnx.fixtures.FixtureModels;
import io.mcdrop.runtime.calibration.CalibrationCodec;
import io.mcdrop.runtime.calibration.CalibrationSpec;
import io.mcdrop.trainer.data.Dataset;
import io.mcdrop.trainer.data.FashionMnist;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CalibrateCommandTest {
  @TempDir static Path dir;
  static Path model;
  static Path data;

  @BeforeAll
  static void fixtures() throws Exception {
    model = dir.resolve("small.onnx");
    OnnxModels.write(FixtureModels.smallCnn(21, 0.5f, 0.2f), model);
    data = EvaluateCommandTest.folder(dir.resolve("data"), List.of("alpha", "beta", "gamma"), 12);
  }

  @Test
  void writesTheCalibrationIntoANewModelFileAndPrintsIt() throws Exception {
    Path out = dir.resolve("cal.onnx");
    CliHarness.Run r =
        CliHarness.run(
            "calibrate",
            "--model",
            model.toString(),
            "--data",
            data.toString(),
            "--samples",
            "8",
            "--out",
            out.toString(),
            "--json");
    assertEquals(0, r.exit(), r.err());
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertEquals(36, j.path("calibration").path("images").asInt());
    assertEquals("raps", j.path("calibration").path("conformal").path("score").asText());
    assertEquals(8, j.path("calibration").path("mc").path("samples").asInt());
    CalibrationSpec stored =
        CalibrationCodec.read(
            OnnxModels.metadata(OnnxModels.read(out), CalibrationCodec.META_KEY).orElseThrow());
    assertEquals(
        j.path("calibration").path("mc").path("temperature").asDouble(),
        stored.mc().temperature(),
        1e-12);
    assertTrue(stored.data().contains("all of"), stored.data());
    // the input file is untouched
    assertFalse(OnnxModels.metadata(OnnxModels.read(model), CalibrationCodec.META_KEY).isPresent());
  }

  @Test
  void classifyShowsTheCalibratedSetAndUncalibratedTurnsItOff() throws Exception {
    Path out = dir.resolve("for-classify.onnx");
    CliHarness.Run r =
        CliHarness.run(
            "calibrate",
            "--model",
            model.toString(),
            "--data",
            data.toString(),
            "-T",
            "8",
            "--out",
            out.toString());
    assertEquals(0, r.exit(), r.err());
    Path image = data.resolve("alpha").resolve("img0.png");
    r = CliHarness.run("classify", image.toString(), "--model", out.toString(), "-T", "8");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("SET"), r.out());
    assertTrue(r.out().contains("calibrated (mcdrop.calibration, temperature"), r.out());
    r =
        CliHarness.run(
            "classify", image.toString(), "--model", out.toString(), "-T", "8", "--json");
    JsonNode p = new ObjectMapper().readTree(r.out()).get(0);
    assertTrue(p.path("calibrated").asBoolean(), r.out());
    assertTrue(p.path("predictionSet").isArray(), r.out());
    CalibrationSpec s =
        CalibrationCodec.read(
            OnnxModels.metadata(OnnxModels.read(out), CalibrationCodec.META_KEY).orElseThrow());
    assertEquals(s.mc().temperature(), p.path("temperature").asDouble(), 1e-12);
    assertTrue(List.of("confident", "ambiguous", "uncertain").contains(p.path("verdict").asText()));
    r =
        CliHarness.run(
            "classify",
            image.toString(),
            "--model",
            out.toString(),
            "-T",
            "1",
            "--json",
            "--uncalibrated");
    p = new ObjectMapper().readTree(r.out()).get(0);
    assertFalse(p.path("calibrated").asBoolean(), r.out());
    assertTrue(p.path("predictionSet").isNull(), r.out());
    assertEquals(1.0, p.path("temperature").asDouble());
  }

  @Test
  void calibratesInPlaceKeepingABackup() throws Exception {
    Path m = dir.resolve("inplace.onnx");
    Files.copy(model, m);
    byte[] before = Files.readAllBytes(m);
    CliHarness.Run r =
        CliHarness.run(
            "calibrate",
            "--model",
            m.toString(),
            "--data",
            data.toString(),
            "-T",
            "4",
            "--score",
            "lac",
            "--alpha",
            "0.2");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("temperature"), r.out());
    assertTrue(r.out().contains("lac at alpha 0.200"), r.out());
    assertTrue(r.out().contains("previous file kept as"), r.out());
    assertEquals(
        java.util.Arrays.hashCode(before),
        java.util.Arrays.hashCode(Files.readAllBytes(dir.resolve("inplace.onnx.bak"))));
    assertEquals(
        0.2,
        CalibrationCodec.read(
                OnnxModels.metadata(OnnxModels.read(m), CalibrationCodec.META_KEY).orElseThrow())
            .alpha());
  }

  @Test
  void badOptionsFailBeforeTheModelIsRead() {
    for (String[] c :
        new String[][] {
          {"--alpha", "1.5", "alpha (miscoverage) must be in (0, 1)"},
          {"--alpha", "0", "alpha (miscoverage) must be in (0, 1)"},
          {"--score", "xyz", "lac, aps or raps"},
          {"--split", "last:x", "--split must be"},
        }) {
      CliHarness.Run r =
          CliHarness.run(
              "calibrate",
              "--model",
              dir.resolve("missing.onnx").toString(),
              "--data",
              data.toString(),
              c[0],
              c[1]);
      assertEquals(ExitCodes.USAGE, r.exit(), r.err());
      assertTrue(r.err().contains(c[2]), r.err());
      assertFalse(r.err().contains("Exception"), r.err());
    }
  }

  @Test
  void tooFewImagesForAlphaAndMismatchedLabelsAreClearErrors() throws Exception {
    Path small =
        EvaluateCommandTest.folder(dir.resolve("few"), List.of("alpha", "beta", "gamma"), 2);
    CliHarness.Run r =
        CliHarness.run("calibrate", "--model", model.toString(), "--data", small.toString());
    assertEquals(ExitCodes.USAGE, r.exit(), r.err());
    assertTrue(r.err().contains("needs at least 9 calibration images"), r.err());
    Path other = EvaluateCommandTest.folder(dir.resolve("other"), List.of("cat", "dog", "emu"), 12);
    r = CliHarness.run("calibrate", "--model", model.toString(), "--data", other.toString());
    assertEquals(ExitCodes.USAGE, r.exit(), r.err());
    assertTrue(r.err().contains("[alpha, beta, gamma]"), r.err());
  }

  @Test
  void refusesCalibrationImagesThatAreFashionMnistTestImages() throws Exception {
    Assumptions.assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIR), "Fashion-MNIST installed");
    Dataset test = FashionMnist.test(FashionMnist.DEFAULT_DIR);
    Path root = dir.resolve("leak");
    // two test images per class, written as the PNGs a user would collect
    int[] perClass = new int[10];
    for (int i = 0; i < test.size(); i++) {
      int y = test.labels()[i];
      if (perClass[y] >= 2) {
        continue;
      }
      Path d = Files.createDirectories(root.resolve(FashionMnist.CLASSES.get(y).replace('/', '_')));
      BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
      for (int p = 0; p < 784; p++) {
        img.getRaster().setSample(p % 28, p / 28, 0, Math.round(test.images()[i * 784 + p] * 255));
      }
      ImageIO.write(img, "png", d.resolve("t" + i + ".png").toFile());
      perClass[y]++;
    }
    CliHarness.Run r =
        CliHarness.run(
            "calibrate",
            "--model",
            Path.of("..").resolve("models/fashion-cnn.onnx").toString(),
            "--data",
            root.toString(),
            "--out",
            dir.resolve("never.onnx").toString());
    assertEquals(ExitCodes.USAGE, r.exit(), r.err());
    assertTrue(r.err().contains("20 of the 20 calibration images are test images"), r.err());
    assertFalse(Files.exists(dir.resolve("never.onnx")));
  }
}

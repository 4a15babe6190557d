package io.mcdrop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train → ONNX → inspect/classify, and export from a checkpoint, through the real command line. */
@Tag("e2e")
class TrainCommandTest {
  @TempDir Path dir;

  @Test
  void trainExportsAModelTheRuntimeCanSampleAndExportReproducesIt() throws Exception {
    Path model = dir.resolve("tiny.onnx");
    CliHarness.Run train =
        CliHarness.run(
            "train",
            "--data",
            "synthetic:300",
            "--arch",
            "conv8-bn-relu-pool, fc16-relu-drop0.3, fc4",
            "--input",
            "1x12x12",
            "--epochs",
            "1",
            "--batch",
            "32",
            "--quiet",
            "--out",
            model.toString());
    assertEquals(0, train.exit(), train.err());
    assertTrue(Files.size(model) > 0);
    assertTrue(
        Files.getPosixFilePermissions(model)
            .contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ),
        "exported models are ordinary readable files");
    CliHarness.Run inspect = CliHarness.run("inspect", model.toString());
    assertEquals(0, inspect.exit(), inspect.err());
    assertTrue(inspect.out().contains("dropout verified alive"), inspect.out());
    assertTrue(inspect.out().contains("mcdrop.labels"), inspect.out());

    Path ckpt =
        Files.list(dir).filter(p -> p.toString().endsWith(".ckpt")).findFirst().orElseThrow();
    Path again = dir.resolve("again.onnx");
    CliHarness.Run export = CliHarness.run("export", ckpt.toString(), "--out", again.toString());
    assertEquals(0, export.exit(), export.err());
    CliHarness.Run a = CliHarness.run("inspect", model.toString(), "--json", "--no-verify");
    CliHarness.Run b = CliHarness.run("inspect", again.toString(), "--json", "--no-verify");
    assertEquals(
        a.out().replace(model.toString(), "M").replaceAll("\"mcdrop.training\" : \"[^\\n]*", ""),
        b.out().replace(again.toString(), "M").replaceAll("\"mcdrop.training\" : \"[^\\n]*", ""));
  }

  @Test
  void aTypoInTheSpecPointsAtTheToken() {
    CliHarness.Run r =
        CliHarness.run(
            "train",
            "--data",
            "synthetic:50",
            "--arch",
            "conv8-bn-relu-pool, fx10",
            "--epochs",
            "1");
    assertEquals(ExitCodes.USAGE, r.exit(), r.err());
    assertTrue(r.err().contains("fx10"), r.err());
    assertTrue(!r.err().contains("\tat "), "no stack trace");
  }

  @Test
  void aWrongDataPathSaysWhatWasLookedFor() {
    CliHarness.Run r =
        CliHarness.run("train", "--data", dir.resolve("nowhere").toString(), "--epochs", "1");
    assertTrue(r.exit() != 0);
    assertTrue(r.err().contains("nowhere"), r.err());
  }
}

package io.mcdrop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcdrop.onnx.OnnxModels;
import io.mcdrop.onnx.fixtures.FixtureModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class InspectCommandTest {
  @TempDir Path dir;

  @Test
  void reportsDropoutFrontierAndVerifiesMcInOnnxRuntime() throws Exception {
    Path m = dir.resolve("m.onnx");
    OnnxModels.write(FixtureModels.pytorchTrainingExport(1, 13), m);
    CliHarness.Run r = CliHarness.run("inspect", m.toString());
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("dropout      1 node(s)"), r.out());
    assertTrue(r.out().contains("in training mode (restored at load)"), r.out());
    assertTrue(r.out().contains("frontier"), r.out());
    assertTrue(r.out().contains("dropout verified alive"), r.out());
  }

  @Test
  void jsonSaysWhetherMcIsPossible() throws Exception {
    Path m = dir.resolve("plain.onnx");
    OnnxModels.write(FixtureModels.smallCnn(1, 0f, 0f), m);
    CliHarness.Run r = CliHarness.run("inspect", m.toString(), "--json");
    assertEquals(0, r.exit(), r.err());
    JsonNode n = new ObjectMapper().readTree(r.out());
    assertEquals(false, n.get("report").get("mcCapable").asBoolean());
    assertEquals(0, n.get("report").get("dropouts").size());
    assertTrue(n.get("verification").get("loaded").asBoolean());
  }

  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // before the fix: a hang
  void aDeviceOrFifoAsTheModelIsRefusedInsteadOfReadForever() {
    for (String[] args :
        List.of(
            new String[] {"inspect", "/dev/zero"},
            new String[] {"classify", ".", "-m", "/dev/zero"})) {
      CliHarness.Run r = CliHarness.run(args);
      assertEquals(ExitCodes.MODEL, r.exit(), r.err());
      assertTrue(r.err().contains("/dev/zero is not a regular file"), r.err());
    }
  }

  @Test
  void corruptModelIsAClearError() throws Exception {
    Path m = dir.resolve("bad.onnx");
    Files.writeString(m, "garbage");
    CliHarness.Run r = CliHarness.run("inspect", m.toString());
    assertEquals(ExitCodes.MODEL, r.exit());
    assertTrue(r.err().startsWith("error: "), r.err());
  }
}

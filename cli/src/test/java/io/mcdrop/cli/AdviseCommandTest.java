package io.mcdrop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdviseCommandTest {
  @Test
  void thePresetGetsAReviewWithAReadyStudyCommand() {
    CliHarness.Run r = CliHarness.run("advise", "--arch", "fashion");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("trunk-cached"), r.out() + r.err());
    assertTrue(r.out().contains("stage head"), r.out());
    assertTrue(
        r.out().contains("mcdrop study --data YOUR_DATA --arch 'conv32-bn-relu-pool,"), r.out());
  }

  @Test
  void aSpecWithDropoutBeforeBatchNormIsFlaggedInJson() throws Exception {
    CliHarness.Run r =
        CliHarness.run(
            "advise",
            "--arch",
            "conv8-drop0.2-bn-relu-pool, fc16-relu-drop0.5, fc10",
            "--input",
            "1x8x8",
            "--data",
            "fashion-mnist",
            "--json");
    assertEquals(0, r.exit(), r.err());
    JsonNode a = new ObjectMapper().readTree(r.out()).get("advice");
    String codes = a.get("findings").findValuesAsText("code").toString();
    assertTrue(codes.contains("dropout-before-batchnorm"), codes);
    assertTrue(codes.contains("element-wise-conv-dropout"), codes);
    // conv8 on 8x8 = 512 units: 0.2 of them, plus 0.5 of the 16 fc units
    assertEquals(0.2 * 512 + 8, a.get("totalDroppedUnits").asDouble(), 1e-4);
    assertTrue(a.get("studyCommand").asText().startsWith("mcdrop study --data fashion-mnist"));
  }

  @Test
  void aPytorchExportThatReusesOneConvIsToldSo(@TempDir Path dir) throws Exception {
    Path model = dir.resolve("question_net.onnx");
    try (InputStream in = getClass().getResourceAsStream("/torch-advice/question_net.onnx")) {
      Files.copy(in, model);
    }
    CliHarness.Run r = CliHarness.run("advise", model.toString());
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("tied-weights"), r.out());
    assertTrue(r.out().contains("'conv11.weight' (6x6x3x3)"), r.out());
    assertTrue(r.out().contains("dropout-before-batchnorm"), r.out());
  }

  @Test
  void badInvocationsFailWithOneMessage(@TempDir Path dir) {
    CliHarness.Run none = CliHarness.run("advise");
    assertEquals(ExitCodes.USAGE, none.exit());
    assertTrue(none.err().contains("give either MODEL.onnx or --arch SPEC"), none.err());
    CliHarness.Run bad = CliHarness.run("advise", "--arch", "conv8-bogus-fc10");
    assertEquals(ExitCodes.USAGE, bad.exit());
    assertTrue(bad.err().contains("bad token 'bogus'"), bad.err());
    CliHarness.Run missing = CliHarness.run("advise", dir.resolve("nope.onnx").toString());
    assertEquals(ExitCodes.MODEL, missing.exit());
    assertFalse(missing.err().contains("Exception"), missing.err());
  }
}

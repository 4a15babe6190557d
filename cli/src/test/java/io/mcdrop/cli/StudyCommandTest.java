package io.mcdrop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StudyCommandTest {
  @Test
  void anUnknownPlacementFailsBeforeAnythingIsWritten(@TempDir Path dir) {
    Path out = dir.resolve("study");
    CliHarness.Run r =
        CliHarness.run(
            "study",
            "--data",
            "synthetic:100",
            "--placements",
            "none,haed",
            "--out",
            out.toString());
    assertEquals(ExitCodes.USAGE, r.exit());
    assertTrue(r.err().contains("unknown dropout placement 'haed'"), r.err());
    assertFalse(Files.exists(out));
  }

  @Test
  void aTinyStudyRunsEndToEndAndPrintsTheRanking(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("study");
    CliHarness.Run r =
        CliHarness.run(
            "study",
            "--data",
            "synthetic:200",
            "--arch",
            "conv4-bn-relu-pool, fc16-relu, fc10",
            "--input",
            "1x9x9",
            "--variants",
            "none,head-0.3",
            "--seeds",
            "2",
            "--epochs",
            "1",
            "--batch",
            "16",
            "--samples",
            "5",
            "--threads",
            "1",
            "--quiet",
            "--out",
            out.toString());
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("head-0.3") && r.out().contains("Lowest test NLL"), r.out());
    String page = Files.readString(out.resolve("README.md"));
    assertTrue(
        page.contains(
            "mcdrop study --data synthetic:200 --arch 'conv4-bn-relu-pool, fc16-relu, fc10' --input"),
        page);
    assertTrue(r.err().contains("[head-0.3/seed-43] training"), r.err());
    assertTrue(r.err().contains("[4/4 head-0.3/seed-43] done"), r.err());
    assertTrue(page.contains("## Verdict") && page.contains(" ± "), page);
  }

  @Test
  void helpRendersWithoutFormatWarnings() {
    CliHarness.Run r = CliHarness.run("study", "--help");
    assertEquals(0, r.exit());
    assertTrue(
        r.out().replaceAll("\\s+", " ").contains("--variants standard = none,head-0.1"), r.out());
    assertFalse((r.out() + r.err()).contains("WARN"), r.out() + r.err());
  }

  @Test
  void aBadVariantKeyFailsBeforeAnythingIsWritten(@TempDir Path dir) {
    Path out = dir.resolve("study");
    CliHarness.Run r =
        CliHarness.run(
            "study",
            "--data",
            "synthetic:100",
            "--variants",
            "head-0.3,conv",
            "--out",
            out.toString());
    assertEquals(ExitCodes.USAGE, r.exit());
    assertTrue(r.err().contains("variant 'conv': expected PLACEMENT-RATE"), r.err());
    assertFalse(Files.exists(out));
  }
}

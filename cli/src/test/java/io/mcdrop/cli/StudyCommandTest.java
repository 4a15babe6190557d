package io.mcdrop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
    String[] args = {
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
      out.toString()
    };
    CliHarness.Run r = CliHarness.run(args);
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

    // --report-only trains nothing and names the training command in the report
    Files.delete(out.resolve("README.md"));
    List<String> again = new ArrayList<>(Arrays.asList(args));
    again.add("--report-only");
    CliHarness.Run report = CliHarness.run(again.toArray(String[]::new));
    assertEquals(0, report.exit(), report.err());
    assertFalse(report.err().contains("training"), report.err());
    String page2 = Files.readString(out.resolve("README.md"));
    assertFalse(page2.contains("--report-only"), page2);
    assertTrue(page2.contains("mcdrop study --data synthetic:200"), page2);
  }

  @Test
  void reportOnlyOnAFolderWithoutFinishedRunsSaysSo(@TempDir Path dir) {
    CliHarness.Run r =
        CliHarness.run(
            "study",
            "--data",
            "synthetic:100",
            "--arch",
            "conv4-bn-relu-pool, fc16-relu, fc10",
            "--input",
            "1x9x9",
            "--variants",
            "none",
            "--report-only",
            "--out",
            dir.resolve("s").toString());
    assertEquals(ExitCodes.USAGE, r.exit());
    assertTrue(r.err().contains("no finished runs"), r.err());
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

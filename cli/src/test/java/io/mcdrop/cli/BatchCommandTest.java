package io.mcdrop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcdrop.spark.session.SparkJvm;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mcdrop batch}: a clear error without Spark, and the numbers of {@code classify --json}.
 */
class BatchCommandTest {
  static final Path HOME = Path.of(System.getProperty("user.dir")).getParent();
  static final Path MODEL = HOME.resolve("models/fashion-cnn.onnx");

  @TempDir Path dir;

  @Test
  void withoutSparkOnTheClassPathItSaysHowToRunIt() throws Exception {
    CliHarness.Run r =
        CliHarness.run("batch", images(2).toString(), "--out", dir.resolve("o").toString());
    assertEquals(ExitCodes.USAGE, r.exit(), r.err());
    assertTrue(r.err().contains("Spark is not on the class path"), r.err());
    assertTrue(r.err().contains("mcdrop launcher"), r.err());
  }

  /** Run as the launcher runs it: Spark's class path first, the flags, then the CLI. */
  @Test
  @Tag("e2e")
  void sameNumbersAsClassifyJsonForEachImagesSeed() throws Exception {
    Path in = images(6);
    Files.write(in.resolve("broken.png"), new byte[] {1, 2, 3});
    Path out = dir.resolve("scored");
    Path log = dir.resolve("batch.log");
    Process p =
        launch(
            log,
            "batch",
            in.toString(),
            "--model",
            MODEL.toString(),
            "--out",
            out.toString(),
            "--master",
            "local[2]",
            "--samples",
            "10",
            "--seed",
            "9",
            "--partitions",
            "3",
            "--json");
    assertTrue(p.waitFor(8, TimeUnit.MINUTES), "batch finished");
    String printed = Files.readString(log);
    assertEquals(ExitCodes.PARTIAL, p.exitValue(), printed);
    assertTrue(printed.contains("INPUTS") && printed.contains("broken.png"), printed);

    ObjectMapper json = new ObjectMapper();
    Map<String, JsonNode> rows = new HashMap<>();
    try (Stream<Path> parts = Files.list(out.resolve("predictions.json"))) {
      for (Path part : parts.filter(f -> f.toString().endsWith(".json")).toList()) {
        for (String line : Files.readAllLines(part)) {
          JsonNode n = json.readTree(line);
          rows.put(Path.of(java.net.URI.create(n.get("path").asText())).toString(), n);
        }
      }
    }
    assertEquals(7, rows.size());
    assertTrue(rows.get(in.resolve("broken.png").toString()).has("error"));
    for (int i = 0; i < 6; i++) {
      String file = in.resolve("img" + i + ".png").toString();
      JsonNode b = rows.get(file);
      CliHarness.Run c =
          CliHarness.run(
              "classify",
              file,
              "--model",
              MODEL.toString(),
              "--samples",
              "10",
              "--seed",
              b.get("seed").asText(),
              "--json");
      assertEquals(0, c.exit(), c.err());
      JsonNode k = json.readTree(c.out()).get(0);
      for (String f :
          List.of(
              "label",
              "index",
              "confidence",
              "probabilities",
              "std",
              "lower",
              "upper",
              "entropy",
              "expectedEntropy",
              "mutualInformation",
              "variationRatio",
              "samples",
              "sampled",
              "verdict",
              "predictionSet",
              "calibrated")) {
        assertEquals(k.get(f), b.get(f), f + " of " + file);
      }
      assertEquals(k.get("topK").get(0).get("label"), b.get("topK").get(0).get("label"));
    }
  }

  /** A study's (variant, seed) units as Spark tasks; a rerun without Spark finds them done. */
  @Test
  @Tag("e2e")
  void studyUnitsRunAsSparkTasksAndResumeLocally() throws Exception {
    Path out = dir.resolve("study");
    String[] study = {
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
      "1",
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
    List<String> args = new ArrayList<>(List.of(study));
    args.addAll(List.of("--master", "local[2]"));
    Path log = dir.resolve("study.log");
    Process p = launch(log, args.toArray(new String[0]));
    assertTrue(p.waitFor(8, TimeUnit.MINUTES), "study finished");
    String printed = Files.readString(log);
    assertEquals(0, p.exitValue(), printed);
    assertTrue(printed.contains("2 unit(s) as Spark tasks on local[2]"), printed);
    assertTrue(printed.contains("study [none/seed-42] done on"), printed);
    assertTrue(printed.contains("study [head-0.3/seed-42] done on"), printed);
    assertTrue(printed.contains("Lowest test NLL"), printed);
    assertTrue(Files.exists(out.resolve("variants/head-0.3/seed-42/result.json")));
    assertTrue(Files.exists(out.resolve("variants/none/seed-42/result.json")));

    CliHarness.Run again = CliHarness.run(study);
    assertEquals(0, again.exit(), again.err());
    assertTrue(again.err().contains("head-0.3/seed-42] already done, not retrained"), again.err());
  }

  /** Starts the CLI as the launcher starts Spark commands: Spark's jars first, the flags. */
  private static Process launch(Path log, String... args) throws Exception {
    String sparkCp =
        Files.readString(HOME.resolve("modules/spark/target/spark-classpath.txt")).strip();
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xss16m");
    cmd.addAll(SparkJvm.OPENS);
    cmd.add("-Dslf4j.provider=org.apache.logging.slf4j.SLF4JServiceProvider");
    cmd.addAll(
        List.of("-cp", sparkCp + File.pathSeparator + System.getProperty("java.class.path")));
    cmd.add("io.mcdrop.cli.Main");
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  private Path images(int n) throws Exception {
    Path in = Files.createDirectories(dir.resolve("in"));
    Random r = new Random(4);
    for (int i = 0; i < n; i++) {
      BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
      for (int p = 0; p < 28 * 28; p++) {
        img.getRaster()
            .setSample(
                p % 28,
                p / 28,
                0,
                (p / 28 > 8 && p / 28 < 20) ? 150 + r.nextInt(100) : r.nextInt(30));
      }
      ImageIO.write(img, "png", in.resolve("img" + i + ".png").toFile());
    }
    return in;
  }
}
